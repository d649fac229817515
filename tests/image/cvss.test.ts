import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attackVectorOf, ratingOf, scoreCvss } from '../../src/image/vulndb/cvss.js';
import { severityOf } from '../../src/image/vulndb/osv.js';

// FIRST CVSS v3.1 specification examples (first.org/cvss/v3.1/examples) and calculator values
const V3: [string, number][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // CVE-2013-1937 phpMyAdmin reflected XSS
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5], // CVE-2014-0160 Heartbleed
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8], // CVE-2014-6271 Shellshock
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8], // CVE-2016-5195 Dirty COW
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4],
  ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
];

// CVSS v4.0: FIRST calculator values for base vectors (and one with a threat metric: the CVSS-BT score)
const V4: [string, number][] = [
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10.0],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0.0],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H', 7.9],
  ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', 1.0],
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L', 5.2],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U', 9.1],
];

test('CVSS v3.x base scores match the specification examples', () => {
  for (const [vector, score] of V3) assert.equal(scoreCvss(vector)?.score, score, vector);
});

test('CVSS v4.0 scores match the FIRST calculator', () => {
  for (const [vector, score] of V4) assert.equal(scoreCvss(vector)?.score, score, vector);
});

test('CVSS v2 base scores', () => {
  assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:P/I:P/A:P')?.score, 7.5);
  assert.equal(scoreCvss('AV:N/AC:M/Au:N/C:N/I:P/A:N')?.score, 4.3);
  assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:P/I:P/A:P')?.severity, 'high');
});

test('attack vector and qualitative ratings', () => {
  assert.equal(attackVectorOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'), 'network');
  assert.equal(attackVectorOf('CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L'), 'local');
  assert.equal(attackVectorOf('CVSS:3.1/AV:A/AC:L'), 'adjacent');
  assert.equal(attackVectorOf('CVSS:3.1/AV:P/AC:L'), 'physical');
  assert.equal(ratingOf(9.0), 'critical');
  assert.equal(ratingOf(8.9), 'high');
  assert.equal(ratingOf(4.0), 'medium');
  assert.equal(ratingOf(3.9), 'low');
});

test('invalid or partial vectors are not scored', () => {
  assert.equal(scoreCvss('CVSS:3.1/AV:N/AC:L'), undefined);
  assert.equal(scoreCvss('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'), undefined);
  assert.equal(scoreCvss('garbage'), undefined);
});

test('record severity: v4 preferred for the label, highest score kept, words as a fallback', () => {
  const s = severityOf([
    { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L' },
  ]);
  assert.equal(s.severity, 'medium');
  assert.equal(s.attackVector, 'local');
  assert.equal(s.score, 9.8);
  assert.equal(severityOf(undefined, 'MODERATE').severity, 'medium');
  assert.equal(severityOf([{ type: 'Ubuntu', score: 'negligible' }]).severity, 'low');
  assert.equal(severityOf(undefined, 'not yet assigned').severity, 'unknown');
});
