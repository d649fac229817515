import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { catalogImage } from '../../src/image/catalog.js';
import {
  builtinDetector,
  fingerprint,
  secretScanner,
  valueDetector,
  type SecretDetector,
} from '../../src/image/secrets.js';
import { openImage } from '../../src/image/source.js';
import { fakeCredentials } from '../posture/fake-credentials.js';
import { ociLayout, tar } from './fixtures.js';

/** A fake, pattern-valid access key id (the documentation's AKIA...EXAMPLE is a placeholder to the detector). */
const AWS_ID = fakeCredentials(40).find((c) => c.kind === 'aws-access-key-id')!.value;

/** Kinds found by the name they are stored under (the AWS secret also next to an access key id, in any file). */
const BY_NAME = new Set(['generic-secret', 'aws-secret-access-key']);

test("built-in detector: the posture room's, every kind with its value located; generic ones only in config files", () => {
  for (const cred of fakeCredentials(41)) {
    const text = `# settings\n${cred.key}=${cred.value}\n`;
    const inConfig = builtinDetector(text, '/app/.env');
    assert.ok(
      inConfig.some((h) => h.kind === cred.kind),
      `${cred.kind} in .env: ${JSON.stringify(inConfig.map((h) => h.kind))}`,
    );
    const inCode = builtinDetector(text, '/app/index.js');
    assert.equal(
      inCode.some((h) => h.kind === cred.kind),
      !BY_NAME.has(cred.kind),
      `${cred.kind} in code`,
    );
    for (const h of inConfig) assert.ok(h.start >= 0 && h.end > h.start && h.value);
  }
  const [aws] = fakeCredentials(42);
  const [hit] = builtinDetector(`id=${aws!.value};`, '/x');
  assert.equal(`id=${aws!.value};`.slice(hit!.start, hit!.end), aws!.value);
  assert.deepEqual(builtinDetector('postgres://user:${PASSWORD}@db/x and http://user:password@host', '/x'), []);
  assert.deepEqual(builtinDetector('AKIAIOSFODNN7EXAMPLE is the documentation key', '/x'), []);
  assert.deepEqual(builtinDetector('nothing to see here', '/x'), []);
});

test('scanner: fingerprints (sha256 prefix), lines, binary files skipped, detectors plug in', () => {
  const scanner = secretScanner();
  const f = scanner.scan(Buffer.from(`a\nb\n${AWS_ID}\n`), '/etc/app.conf', 'sha256:l', 2);
  assert.deepEqual(f, [
    {
      kind: 'aws-access-key-id',
      path: '/etc/app.conf',
      line: 3,
      layer: 'sha256:l',
      layerIndex: 2,
      fingerprint: createHash('sha256').update(AWS_ID).digest('hex').slice(0, 12),
    },
  ]);
  assert.equal(fingerprint('x').length, 12);
  assert.deepEqual(scanner.scan(Buffer.from(`\0\0${AWS_ID}`), '/bin/x', 'l', 0), []);
  assert.equal(scanner.wants('/usr/share/doc/x/README', 10), false);
  const custom: SecretDetector = (text) => {
    const i = text.indexOf('hunter2');
    return i < 0 ? [] : [{ kind: 'test-password', start: i, end: i + 7 }];
  };
  const both = secretScanner({ detectors: [builtinDetector, custom] });
  assert.deepEqual(
    both.scan(Buffer.from('pw=hunter2'), '/x', 'l', 0).map((s) => s.kind),
    ['test-password'],
  );
  // a detector of values without offsets (the posture room's shape), located and fingerprinted by value
  const byValue = valueDetector((text) => (text.includes('KEY') ? [{ kind: 'pem-body', secret: 'abcdef' }] : []));
  const [v] = secretScanner({ detectors: [byValue] }).scan(Buffer.from('x\n-----KEY-----\nabcdef\n'), '/k', 'l', 0);
  assert.deepEqual([v?.kind, v?.line, v?.fingerprint], ['pem-body', 3, fingerprint('abcdef')]);
});

test('a secret deleted by a later layer is still reported, with the layer that holds it', async () => {
  const l1 = tar([{ name: 'root/.aws/credentials', content: `[default]\naws_access_key_id = ${AWS_ID}\n` }]);
  const l2 = tar([{ name: 'root/.aws/.wh.credentials', content: '' }]);
  const inv = await catalogImage(await openImage(ociLayout([l1, l2])));
  assert.deepEqual(
    inv.secrets.map((s) => [s.kind, s.path, s.line, s.layerIndex]),
    [['aws-access-key-id', '/root/.aws/credentials', 2, 0]],
  );
  assert.ok(!JSON.stringify(inv).includes(AWS_ID));
});
