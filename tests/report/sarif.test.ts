import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { repoRoot } from '../helpers.js';
import { pathToUri, renderSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/model.js';
import { emptyReport, sampleReport } from './sample-report.js';

// The official OASIS SARIF 2.1.0 schema (draft-07); see schemas/ for where the copy came from.
const schema: object = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function sarif(report: Report): Log {
  const text = renderSarif(report);
  const log: Log = JSON.parse(text);
  assert.ok(validate(log), `SARIF is not valid:\n${JSON.stringify(validate.errors, null, 2)}`);
  return log;
}

function run(report: Report) {
  return sarif(report).runs[0]!;
}

function resultFor(report: Report, checkId: string, objectName: string): Result {
  const result = run(report).results!.find(
    (r) => r.ruleId === checkId && r.locations?.[0]?.logicalLocations?.[0]?.name === objectName,
  );
  assert.ok(result, `no result for ${checkId} on ${objectName}`);
  return result;
}

test('the schema copy rejects what it should (the validator is not a no-op)', () => {
  assert.equal(validate({ version: '2.1.0' }), false);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{}] }] }), false);
  const log: Log = JSON.parse(renderSarif(sampleReport()));
  log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
  assert.equal(validate(log), false);
});

test('SARIF of the sample and of the empty report validate against the official 2.1.0 schema', () => {
  const log = sarif(sampleReport());
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.runs.length, 1);
  const empty = sarif(emptyReport());
  assert.deepEqual(empty.runs[0]!.results, []);
  assert.deepEqual(empty.runs[0]!.tool.driver.rules, []);
});

test('the driver names the tool', () => {
  const driver = run(sampleReport()).tool.driver;
  assert.equal(driver.name, 'chokepoint');
  assert.equal(driver.version, '0.1.0');
  assert.match(driver.informationUri ?? '', /^https:\/\//);
});

test('one rule per distinct check, plus attack-path; one result per finding and per path', () => {
  const report = sampleReport();
  const { tool, results } = run(report);
  const rules = tool.driver.rules!;
  const checks = new Set(report.findings.map((f) => f.checkId));
  assert.equal(checks.size, 5);
  assert.deepEqual(
    rules.map((r) => r.id),
    [...[...checks].sort(), 'attack-path'],
  );
  assert.equal(results!.length, report.findings.length + report.paths.length);
  for (const result of results!) {
    assert.equal(rules[result.ruleIndex!]!.id, result.ruleId, 'ruleIndex points at the rule');
  }
});

test('rules carry security-severity, level, short description and help from the remediation', () => {
  const rules = new Map(run(sampleReport()).tool.driver.rules!.map((r) => [r.id, r]));
  const expected: [string, string, string][] = [
    ['privileged-container', '9.5', 'error'],
    ['host-path-mount', '8.0', 'error'],
    ['image-tag-latest', '5.5', 'warning'],
    ['suspicious-label', '3.0', 'note'],
    ['wildcard-verbs', '0.0', 'note'],
    ['attack-path', '9.5', 'error'],
  ];
  for (const [id, securitySeverity, level] of expected) {
    const rule = rules.get(id)!;
    assert.equal(rule.properties?.['security-severity'], securitySeverity, id);
    assert.equal(rule.defaultConfiguration?.level, level, id);
    assert.ok(rule.shortDescription?.text, id);
  }
  assert.equal(rules.get('privileged-container')!.help?.text, 'Set securityContext.privileged to false.');
});

test('result levels follow severity: critical/high error, medium warning, low/info note', () => {
  const levels = Object.fromEntries(run(sampleReport()).results!.map((r) => [r.ruleId, r.level]));
  assert.deepEqual(levels, {
    'privileged-container': 'error',
    'host-path-mount': 'error',
    'image-tag-latest': 'warning',
    'suspicious-label': 'note',
    'wildcard-verbs': 'note',
    'attack-path': 'error',
  });
});

test('file:line becomes an artifact uri and a startLine; a colon inside the path stays in the path', () => {
  const report = sampleReport();
  const web = resultFor(report, 'privileged-container', 'web').locations![0]!;
  assert.deepEqual(web.physicalLocation, {
    artifactLocation: { uri: 'manifests/shop/web.yaml' },
    region: { startLine: 12 },
  });
  assert.deepEqual(web.logicalLocations, [
    { name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'resource' },
  ]);

  const agent = resultFor(report, 'host-path-mount', 'agent').locations![0]!;
  assert.deepEqual(agent.physicalLocation, {
    artifactLocation: { uri: 'overlays/prod:v2/agent.yaml' },
    region: { startLine: 7 },
  });
});

test('a location without a line has no region; a finding without a location has only its object', () => {
  const report = sampleReport();
  const label = resultFor(report, 'suspicious-label', 'web').locations![0]!;
  assert.deepEqual(label.physicalLocation, { artifactLocation: { uri: 'manifests/shop/service.yaml' } });
  const verbs = resultFor(report, 'wildcard-verbs', 'ops').locations![0]!;
  assert.equal(verbs.physicalLocation, undefined);
  assert.equal(verbs.logicalLocations![0]!.fullyQualifiedName, 'ClusterRole/ops');
});

test('messages name the object and container; properties keep the severity', () => {
  const result = resultFor(sampleReport(), 'privileged-container', 'web');
  assert.equal(result.message.text, 'Deployment/shop/web (container app): container app runs privileged');
  assert.equal(result.properties?.['severity'], 'critical');
});

test("an attack path is a result naming source, target and steps, placed at its first step's object", () => {
  const report = sampleReport();
  const result = run(report).results!.find((r) => r.ruleId === 'attack-path')!;
  assert.equal(result.level, 'error');
  const text = result.message.text!;
  assert.match(text, /Internet/);
  assert.match(text, /ClusterAdmin/);
  for (const step of report.paths[0]!.steps) assert.ok(text.includes(`-[${step.technique}]->`), step.technique);
  // The endpoint is the Service shop/web, whose file a finding tells.
  assert.deepEqual(result.locations, [
    {
      physicalLocation: { artifactLocation: { uri: 'manifests/shop/service.yaml' } },
      logicalLocations: [{ name: 'web', fullyQualifiedName: 'Service/shop/web', kind: 'resource' }],
    },
  ]);
  assert.equal(result.properties?.['pathId'], 'path-1');
});

test("when the first object's file is unknown, an attack path is placed at the next object whose file is known", () => {
  const report = sampleReport();
  report.findings = report.findings.filter((f) => f.object.kind !== 'Service');
  const result = run(report).results!.find((r) => r.ruleId === 'attack-path')!;
  assert.deepEqual(result.locations, [
    {
      physicalLocation: { artifactLocation: { uri: 'manifests/shop/web.yaml' }, region: { startLine: 12 } },
      logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'resource' }],
    },
  ]);
  // With no file known at all, the first object is still named.
  report.findings = [];
  const bare = run(report).results!.find((r) => r.ruleId === 'attack-path')!;
  assert.deepEqual(bare.locations, [
    { logicalLocations: [{ name: 'web', fullyQualifiedName: 'Service/shop/web', kind: 'resource' }] },
  ]);
});

test('an attack path through no known object has no locations and still validates', () => {
  const report = emptyReport();
  report.paths = [
    {
      id: 'p',
      source: 'Internet',
      target: 'ClusterAdmin',
      score: 1,
      steps: [{ from: 'Internet', technique: 'X', to: 'ClusterAdmin', because: '' }],
    },
  ];
  const result = run(report).results![0]!;
  assert.equal(result.locations, undefined);
  assert.equal(result.ruleIndex, 0);
});

test('input errors are tool execution notifications and make the execution unsuccessful', () => {
  const invocation = run(sampleReport()).invocations![0]!;
  assert.equal(invocation.executionSuccessful, false);
  const notes = invocation.toolExecutionNotifications!;
  assert.equal(notes.length, 2);
  assert.ok(notes.every((n) => n.level === 'error'));
  assert.equal(notes[0]!.message.text, 'YAML: bad indentation of a mapping entry');
  assert.deepEqual(notes[0]!.locations![0]!.physicalLocation, {
    artifactLocation: { uri: 'manifests/broken.yaml' },
    region: { startLine: 3 },
  });
  assert.equal(notes[1]!.message.text, 'Deployment/shop/bad: spec.template is missing');
  assert.deepEqual(notes[1]!.locations![0]!.physicalLocation, {
    artifactLocation: { uri: 'manifests/dir%20with%20space/bad.yaml' },
  });

  const clean = run(emptyReport()).invocations![0]!;
  assert.equal(clean.executionSuccessful, true);
  assert.equal(clean.toolExecutionNotifications, undefined);
});

test('pathToUri makes valid URI references of awkward paths', () => {
  assert.equal(pathToUri('a/b.yaml'), 'a/b.yaml');
  assert.equal(pathToUri('a\\b\\c.yaml'), 'a/b/c.yaml');
  assert.equal(pathToUri('dir with space/x#1?.yaml'), 'dir%20with%20space/x%231%3F.yaml');
  assert.equal(pathToUri('prod:v2/x.yaml'), 'prod%3Av2/x.yaml', 'a colon in the first segment would read as a scheme');
  assert.equal(pathToUri('overlays/prod:v2/x.yaml'), 'overlays/prod:v2/x.yaml');
  assert.equal(pathToUri('C:\\work\\x.yaml'), 'file:///C:/work/x.yaml');
  assert.equal(pathToUri('/abs/x.yaml'), '/abs/x.yaml');
  assert.equal(pathToUri('ünï/x.yaml'), '%C3%BCn%C3%AF/x.yaml');
  assert.equal(pathToUri('100%/x.yaml'), '100%25/x.yaml');
});

test('awkward paths and odd text still validate', () => {
  const report = sampleReport();
  const locations = ['prod:v2/x.yaml:3', 'C:\\w\\x.yaml:1', 'a b/ü#?.yaml', '<stdin>:9', 'x.yaml:0'];
  report.findings = locations.map((location, i) => ({ ...report.findings[i % report.findings.length]!, location }));
  report.errors.push({ source: 'C:\\w\\bad.yaml:2', message: '"quoted"\nmultiline' });
  const log = sarif(report);
  const uris = log.runs[0]!.results!.slice(0, locations.length).map((r) => {
    const physical = r.locations![0]!.physicalLocation!;
    return [physical.artifactLocation!.uri, physical.region?.startLine];
  });
  assert.deepEqual(uris, [
    ['prod%3Av2/x.yaml', 3],
    ['file:///C:/w/x.yaml', 1],
    ['a%20b/%C3%BC%23%3F.yaml', undefined],
    ['%3Cstdin%3E', 9],
    ['x.yaml', undefined],
  ]);
});
