/**
 * The config file (schema validation with file:line errors, checks on/off, severities, options) and exceptions
 * (config selectors, expiry, the chokepoint.io/ignore annotation), down to how the writers show suppressed findings.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Log } from 'sarif';
import { loadConfig, parseConfig } from '../../src/posture/config.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/index.js';
import { exitCodeFor } from '../../src/cli/scan.js';
import { parseValidReport, repoRoot, tempTree } from '../helpers.js';
import { deployment, inventoryOf, withContainer, type Obj } from './fixtures.js';
import { postureAnalysis } from '../../src/posture/analyzer.js';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';

const sarifAjv = new Ajv({ strict: false, allErrors: true });
ajvFormats.default(sarifAjv);
const validateSarif = sarifAjv.compile(
  JSON.parse(readFileSync(path.join(repoRoot, 'schemas/sarif-2.1.0.json'), 'utf8')) as object,
);

const NOW = new Date('2026-06-01T12:00:00Z');
const privileged = (meta = {}, templateAnnotations?: Record<string, string>) =>
  deployment(
    { containers: [{ name: 'app', image: 'registry.example.com/app:1.0', securityContext: { privileged: true } }] },
    { name: 'agent', namespace: 'ops', ...meta },
    { labels: { app: 'agent', tier: 'node' }, ...(templateAnnotations ? { annotations: templateAnnotations } : {}) },
  );

async function analyse(objects: Obj[], configText: string) {
  const { config, errors } = parseConfig(configText, '.chokepoint.yaml');
  assert.deepEqual(errors, []);
  const inventory = await inventoryOf(objects);
  return { inventory, ...postureAnalysis(inventory, config, { now: NOW }) };
}

test('no config file: the defaults, no errors', () => {
  const dir = tempTree({ 'README.md': 'x' });
  assert.deepEqual(loadConfig(undefined, dir), { config: { checks: {}, exceptions: [] }, errors: [] });
});

test('.chokepoint.yaml in the folder is read when no --config is given; a missing --config file is an error', () => {
  const dir = tempTree({ '.chokepoint.yaml': 'checks:\n  CKP-303:\n    enabled: true\n' });
  const { config, errors } = loadConfig(undefined, dir);
  assert.deepEqual(errors, []);
  assert.equal(config.file, path.join(dir, '.chokepoint.yaml'));
  assert.deepEqual(config.checks, { 'CKP-303': { enabled: true } });
  const missing = loadConfig(path.join(dir, 'nope.yaml'));
  assert.equal(missing.errors.length, 1);
  assert.match(missing.errors[0]!.message, /cannot read the config file \(ENOENT\)/);
});

test('schema errors name the file and line, and what is valid still applies', () => {
  const text = [
    'checks:', //                                   1
    '  CKP-101:', //                                2
    '    severity: urgent', //                      3
    '  CKP-107:', //                                4
    '    enabled: false', //                        5
    '  CKP-1x1: {}', //                             6
    'exceptions:', //                               7
    '  - check: CKP-203', //                        8
    '    namespace: kube-system', //                9
    '  - check: CKP-101', //                        10
    '    justification: "  "', //                   11
    '  - check: CKP-101', //                        12
    '    justification: CNI', //                   13
    '    expires: 2026-02-30', //                   14
    '  - checks: [CKP-101]', //                     15
    '    justification: calico needs it', //       16
    '    kind: DaemonSet', //                       17
    '    colour: red', //                           18
    '  - justification: no check named', //        19
    '  - check: CKP-203', //                        20
    '    justification: BGP', //                    21
    'extra: 1', //                                  22
  ].join('\n');
  const { config, errors } = parseConfig(text, 'conf/.chokepoint.yaml');
  const lines = errors.map((e) => `${e.file}:${e.line} ${e.message}`);
  assert.deepEqual(lines.sort(), [
    'conf/.chokepoint.yaml:11 exceptions.1.justification: must not be blank',
    'conf/.chokepoint.yaml:14 exceptions.2.expires: must be a date written YYYY-MM-DD',
    'conf/.chokepoint.yaml:18 exceptions.3: unknown field "colour"',
    'conf/.chokepoint.yaml:19 exceptions.4: needs "check" or "checks"',
    'conf/.chokepoint.yaml:22 the file: unknown field "extra"',
    'conf/.chokepoint.yaml:3 checks.CKP-101.severity: must be one of critical, high, medium, low, info',
    'conf/.chokepoint.yaml:6 checks: "CKP-1x1" is not a check id (CKP- and three digits)',
    'conf/.chokepoint.yaml:8 exceptions.0: missing "justification"',
  ]);
  // "extra" breaks the root, so nothing applies: a config that says more than we understand is not half-applied.
  assert.deepEqual(config.exceptions, []);
  const partial = parseConfig(text.replace('extra: 1', ''), 'c.yaml');
  assert.deepEqual(Object.keys(partial.config.checks), ['CKP-107']);
  assert.deepEqual(
    partial.config.exceptions.map((e) => [e.checks, e.justification, e.line]),
    [[['CKP-203'], 'BGP', 20]],
  );
});

test('YAML syntax errors and unknown check ids are reported with their line', () => {
  const broken = parseConfig('checks:\n  CKP-101: [\n', 'x.yaml');
  assert.equal(broken.errors.length > 0, true);
  assert.match(broken.errors[0]!.message, /^YAML: /);
  assert.equal(broken.errors[0]!.file, 'x.yaml');
  const unknown = parseConfig(
    'checks:\n  CKP-999:\n    enabled: true\nexceptions:\n  - check: CKP-998\n    justification: x\n',
    'y.yaml',
  );
  assert.deepEqual(
    unknown.errors.map((e) => `${e.line} ${e.message}`),
    ['2 checks.CKP-999: no such check', '5 exceptions.0: no such check CKP-998'],
  );
});

test('checks can be disabled, enabled and given another severity', async () => {
  const objects = [withContainer({ securityContext: { privileged: true }, imagePullPolicy: 'IfNotPresent' })];
  const before = await analyse(objects, '');
  assert.ok(before.findings.some((f) => f.checkId === 'CKP-101' && f.severity === 'critical'));
  assert.ok(!before.findings.some((f) => f.checkId === 'CKP-302'), 'CKP-302 is off by default');
  const after = await analyse(
    objects,
    'checks:\n  CKP-101:\n    severity: low\n  CKP-107:\n    enabled: false\n  CKP-302:\n    enabled: true\n',
  );
  assert.equal(after.findings.find((f) => f.checkId === 'CKP-101')?.severity, 'low');
  assert.ok(!after.findings.some((f) => f.checkId === 'CKP-107'));
  assert.ok(after.findings.some((f) => f.checkId === 'CKP-302'));
});

test('config exceptions select by check, kind, namespace, name (globs), labels and container', async () => {
  const suppressed = async (exception: string): Promise<boolean> => {
    const { findings } = await analyse([privileged()], `exceptions:\n  - justification: accepted\n${exception}`);
    const finding = findings.find((f) => f.checkId === 'CKP-101')!;
    return finding.suppressed !== undefined;
  };
  assert.equal(await suppressed('    check: CKP-101\n'), true);
  assert.equal(await suppressed('    check: CKP-1*\n    kind: deployment\n'), true);
  assert.equal(await suppressed('    check: "*"\n    namespace: op*\n    name: agent\n'), true);
  assert.equal(await suppressed('    check: CKP-101\n    labels:\n      tier: node\n'), true);
  assert.equal(await suppressed('    check: CKP-101\n    container: app\n'), true);
  assert.equal(await suppressed('    check: CKP-102\n'), false);
  assert.equal(await suppressed('    check: CKP-101\n    kind: DaemonSet\n'), false);
  assert.equal(await suppressed('    check: CKP-101\n    namespace: kube-system\n'), false);
  assert.equal(await suppressed('    check: CKP-101\n    labels:\n      tier: web\n'), false);
  assert.equal(await suppressed('    check: CKP-101\n    container: sidecar\n'), false);
});

test('an expired exception suppresses nothing and is a finding itself; one expiring today still applies', async () => {
  const config = (expires: string) =>
    `exceptions:\n  - check: CKP-101\n    justification: until the CNI upgrade\n    expires: ${expires}\n`;
  const live = await analyse([privileged()], config('2026-06-01'));
  assert.deepEqual(live.findings.find((f) => f.checkId === 'CKP-101')!.suppressed, {
    by: 'config',
    justification: 'until the CNI upgrade',
    expires: '2026-06-01',
  });
  assert.ok(!live.findings.some((f) => f.checkId === 'CKP-900'));
  const expired = await analyse([privileged()], config('2026-05-31'));
  assert.equal(expired.findings.find((f) => f.checkId === 'CKP-101')!.suppressed, undefined);
  const finding = expired.findings.find((f) => f.checkId === 'CKP-900')!;
  assert.equal(finding.location, '.chokepoint.yaml:2');
  assert.deepEqual(finding.object, {
    apiVersion: 'chokepoint.io/v1',
    kind: 'ChokepointConfig',
    name: '.chokepoint.yaml',
  });
});

test('the chokepoint.io/ignore annotation suppresses its checks on its object only, on the object or its pod template', async () => {
  const annotated = privileged({ annotations: { 'chokepoint.io/ignore': 'CKP-101: node agent; CKP-203: needs BGP' } });
  const onTemplate = privileged({ name: 'agent2' }, { 'chokepoint.io/ignore': 'CKP-101: node agent' });
  const other = privileged({ name: 'other' });
  const { findings } = await analyse([annotated, onTemplate, other], '');
  const of = (name: string) => findings.find((f) => f.checkId === 'CKP-101' && f.object.name === name)!;
  assert.deepEqual(of('agent').suppressed, { by: 'annotation', justification: 'node agent' });
  assert.deepEqual(of('agent2').suppressed, { by: 'annotation', justification: 'node agent' });
  assert.equal(of('other').suppressed, undefined);
  assert.ok(!findings.some((f) => f.checkId === 'CKP-901'));
});

test('suppressed findings stay in the JSON, out of the gate, and apart in every writer', async () => {
  const { inventory, findings } = await analyse(
    [privileged({ annotations: { 'chokepoint.io/ignore': 'CKP-101: node agent' } })],
    'exceptions:\n  - check: CKP-103\n    justification: the image runs as a non-root user\n    expires: 2026-12-31\n',
  );
  const report = buildReport(inventory, { version: '0.0.0-test', findings });
  const json = parseValidReport(renderReport(report, 'json'));
  const suppressed = json.findings.filter((f) => f.suppressed);
  assert.deepEqual(suppressed.map((f) => f.checkId).sort(), ['CKP-101', 'CKP-103']);
  assert.equal(exitCodeFor(json, 'critical'), 0, 'the only critical finding is suppressed');
  const active = json.findings.length - suppressed.length;

  const table = renderReport(report, 'table');
  assert.match(table, /^2 suppressed by exceptions/m);
  assert.ok(!/^ {2}CRITICAL +CKP-101/m.test(table), 'not in the main list');
  assert.match(table, new RegExp(`^${active} findings .*, 2 suppressed, 0 attack paths`, 'm'));

  const sarif = JSON.parse(renderReport(report, 'sarif')) as Log;
  assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors));
  const results = sarif.runs[0]!.results!;
  assert.deepEqual(results.find((r) => r.ruleId === 'CKP-103')!.suppressions, [
    { kind: 'external', justification: 'the image runs as a non-root user (until 2026-12-31)' },
  ]);
  assert.deepEqual(results.find((r) => r.ruleId === 'CKP-101')!.suppressions, [
    { kind: 'inSource', justification: 'node agent' },
  ]);
  assert.equal(results.filter((r) => r.suppressions).length, 2);

  const markdown = renderReport(report, 'markdown');
  const [main, rest] = markdown.split('### Suppressed findings (2)');
  assert.ok(rest, 'markdown has a suppressed section');
  assert.ok(!main!.includes('CKP-101'), 'suppressed findings are not in the main findings table');
  assert.match(rest!, /config exception until 2026-12-31 \| the image runs as a non-root user/);
  assert.match(rest!, /chokepoint.io/);

  const html = renderReport(report, 'html');
  assert.match(html, /<section id="suppressed">\n<h2>Suppressed findings \(2\)<\/h2>/);
  const findingsSection = html.slice(
    html.indexOf('<section id="findings">'),
    html.indexOf('<section id="suppressed">'),
  );
  assert.ok(!findingsSection.includes('>CKP-101<'));
});
