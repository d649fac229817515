import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { exitCodeFor } from '../../src/cli/scan.js';
import { Progress } from '../../src/cli/progress.js';
import type { Finding, Report } from '../../src/report/model.js';
import { parseValidReport, repoRoot, runCli, tempTree } from '../helpers.js';

test('npx chokepoint scan examples/demo: the newcomer command loads the demo cleanly', () => {
  const result = runCli(['scan', 'examples/demo']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /examples\/demo +7 +59\n/);
  assert.match(result.stdout, /0 input errors/);
  const report = parseValidReport(runCli(['scan', 'examples/demo', '--format', 'json']).stdout);
  assert.deepEqual(report.errors, []);
  assert.equal(report.inventory.workloads, 7);
  assert.equal(report.inventory.namespaces, 7);
});

test('every format is written, and each is what its readers expect', () => {
  const sarifSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validSarif = ajv.compile(sarifSchema);
  const root = tempTree({
    'bad.yaml': 'kind: [',
    'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n',
  });
  const sarif = runCli(['scan', root, '--format', 'sarif']);
  assert.equal(sarif.status, 2);
  const log = JSON.parse(sarif.stdout) as {
    version: string;
    runs: { invocations: { executionSuccessful: boolean }[] }[];
  };
  assert.ok(validSarif(log), JSON.stringify(validSarif.errors));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
  const html = runCli(['scan', root, '--format', 'html']).stdout;
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes('bad.yaml'));
  const markdown = runCli(['scan', root, '--format', 'markdown']).stdout;
  assert.match(markdown, /^#/);
  assert.ok(markdown.includes('bad.yaml:1'));
  const table = runCli(['scan', root]).stdout;
  assert.match(table, /1 input error/);
});

test('--output writes the report to a file, and says so on stderr unless --quiet', () => {
  const root = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n' });
  const out = path.join(root, 'report.json');
  const result = runCli(['scan', root, '--format', 'json', '--output', out]);
  assert.equal(result.status, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `report written to ${out}\n`);
  assert.equal(parseValidReport(readFileSync(out, 'utf8')).inputs[0]!.objects, 1);
  const quiet = runCli(['scan', root, '--format', 'json', '--output', out, '--quiet']);
  assert.equal(quiet.stderr, '');
});

test('- reads stdin, as in helm template ... | chokepoint scan -', () => {
  const input =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n';
  const result = runCli(['scan', '-', '--format', 'json'], { input });
  assert.equal(result.status, 0, result.stderr);
  const report = parseValidReport(result.stdout);
  assert.deepEqual(report.inputs, [{ source: '-', objects: 2, files: 1, kinds: { ConfigMap: 1, Secret: 1 } }]);
  const broken = parseValidReport(runCli(['scan', '-', '--format', 'json'], { input: 'a: [' }).stdout);
  assert.equal(broken.errors[0]!.source, '<stdin>:1');
});

test('--graph-limit: above it the graph is skipped and the report says why; at it the paths are found', () => {
  const skipped = runCli(['scan', 'examples/demo', '--format', 'json', '--graph-limit', '6']);
  assert.equal(skipped.status, 0, skipped.stderr);
  const report = parseValidReport(skipped.stdout);
  assert.match(report.graph.skipped ?? '', /7 workloads is over the limit of 6 \(--graph-limit\)/);
  assert.deepEqual(report.paths, []);
  assert.match(skipped.stderr, /note: attack graph not built/);
  const built = parseValidReport(runCli(['scan', 'examples/demo', '--format', 'json', '--graph-limit', '7']).stdout);
  assert.equal(built.graph.skipped, undefined);
  assert.equal(built.paths.length, 9);
  assert.equal(runCli(['scan', 'examples/demo', '--graph-limit', 'many']).status, 2);
});

test('usage errors exit 2; --help and --version exit 0', () => {
  assert.equal(runCli(['scan', 'x', '--format', 'pdf']).status, 2);
  assert.equal(runCli(['scan']).status, 2);
  assert.equal(runCli(['nonsense']).status, 2);
  assert.equal(runCli(['scan', '--help']).status, 0);
  assert.equal(runCli(['--version']).status, 0);
});

function reportWith(findings: Finding[], errors = 0): Report {
  const report = parseValidReport(runCli(['scan', '-', '--format', 'json'], { input: '' }).stdout);
  report.findings = findings;
  report.errors = Array.from({ length: errors }, () => ({ source: 'x.yaml:1', message: 'broken' }));
  return report;
}

const finding = (severity: Finding['severity']): Finding => ({
  checkId: 'CKP-0',
  severity,
  object: { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'b' },
  message: 'm',
  remediation: 'r',
  references: {},
});

test('--fail-on: exit 1 at or above the severity, input errors (2) first', () => {
  assert.equal(exitCodeFor(reportWith([finding('medium')]), undefined), 0);
  assert.equal(exitCodeFor(reportWith([finding('medium')]), 'high'), 0);
  assert.equal(exitCodeFor(reportWith([finding('medium')]), 'medium'), 1);
  assert.equal(exitCodeFor(reportWith([finding('critical')]), 'low'), 1);
  assert.equal(exitCodeFor(reportWith([finding('critical')], 1), 'low'), 2);
  assert.equal(exitCodeFor(reportWith([]), 'info'), 0);
  const excepted = { ...finding('critical'), suppressed: { by: 'config' as const, justification: 'accepted risk' } };
  assert.equal(exitCodeFor(reportWith([excepted]), 'low'), 0);
});

test('progress shows only on a terminal and only after a second', () => {
  let clock = 0;
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text) > 0 };
  const quiet = new Progress(stream, false, () => clock);
  clock = 5000;
  quiet.update('working');
  assert.deepEqual(written, []);
  clock = 0;
  const progress = new Progress(stream, true, () => clock);
  clock = 900;
  progress.update('early');
  assert.deepEqual(written, []);
  clock = 1500;
  progress.update('late');
  assert.deepEqual(written, ['\r\x1b[2Klate']);
  progress.done();
  assert.equal(written.at(-1), '\r\x1b[2K');
});
