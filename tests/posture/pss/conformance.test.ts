import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { isJsonObject, stringMap, type JsonObject } from '../../../src/inventory/json.js';
import {
  DEFAULT_REGISTRY,
  evaluatePod,
  forbiddenDetail,
  isLevel,
  isPolicyVersion,
} from '../../../src/posture/pss/index.js';
import { resolveMinor } from '../../../src/posture/pss/version.js';
import { sharedRoot } from '../../helpers.js';

/** The upstream fixtures (k8s.io/pod-security-admission test/testdata), as listed in index.json. */
const fixtureRoot = path.join(sharedRoot, 'conformance/pss');

interface Fixture {
  path: string;
  level: string;
  version: string;
  expect: 'pass' | 'fail';
  fixtureFor: string;
  expectErrorSubstring: string | null;
  refImplViolations: string[];
}

const fixtures = JSON.parse(readFileSync(path.join(fixtureRoot, 'index.json'), 'utf8')) as Fixture[];

test('every upstream PSS fixture is allowed or denied as upstream does, with its check and message', () => {
  const failures: string[] = [];
  let passed = 0;
  let denied = 0;
  for (const fixture of fixtures) {
    const pod: unknown = parse(readFileSync(path.join(fixtureRoot, fixture.path), 'utf8'));
    assert.ok(isJsonObject(pod), fixture.path);
    const metadata = isJsonObject(pod['metadata']) ? pod['metadata'] : {};
    const spec = pod['spec'] as JsonObject;
    assert.ok(isLevel(fixture.level) && isPolicyVersion(fixture.version), fixture.path);
    const result = evaluatePod(
      { annotations: stringMap(metadata, 'annotations'), labels: stringMap(metadata, 'labels') },
      spec,
      fixture.level,
      fixture.version,
    );
    const ids = result.violations.map((v) => v.check);
    const problems: string[] = [];
    if (fixture.expect === 'pass') {
      if (!result.allowed) problems.push(`expected allowed, got ${forbiddenDetail(result.violations)}`);
      else passed++;
    } else {
      // At restricted the rejection may come from the check that replaces the fixture's baseline check there
      // (hostPathVolumes → restrictedVolumes, procMount → procMount_restricted, ...), as in upstream's own harness.
      const accepted = [
        fixture.fixtureFor,
        ...DEFAULT_REGISTRY.overridesOf(fixture.fixtureFor, resolveMinor(fixture.version)),
      ];
      const substring = fixture.expectErrorSubstring ?? fixture.fixtureFor;
      if (result.allowed) problems.push('expected denied, got allowed');
      else if (!ids.some((id) => accepted.includes(id)))
        problems.push(`none of ${accepted.join('/')} in ${ids.join(', ')}`);
      else if (!forbiddenDetail(result.violations).includes(substring)) {
        problems.push(`message lacks ${JSON.stringify(substring)}: ${forbiddenDetail(result.violations)}`);
      } else denied++;
    }
    // Stronger than the fixture's own expectation: exactly the checks the validated reference implementation names.
    const expected = [...fixture.refImplViolations].sort();
    if (JSON.stringify([...ids].sort()) !== JSON.stringify(expected)) {
      problems.push(`violations ${JSON.stringify([...ids].sort())}, reference ${JSON.stringify(expected)}`);
    }
    if (problems.length > 0) failures.push(`${fixture.path}: ${problems.join('; ')}`);
  }
  const pass = fixtures.filter((f) => f.expect === 'pass').length;
  const fail = fixtures.length - pass;
  assert.equal(fixtures.length, 4537);
  assert.deepEqual(
    failures,
    [],
    `${failures.length} of ${fixtures.length} fixtures disagree:\n${failures.slice(0, 40).join('\n')}`,
  );
  assert.equal(passed, pass);
  assert.equal(denied, fail);
});
