import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../src/report/table.js';
import { emptyReport, sampleReport } from './sample-report.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

test('without colour there is no escape code at all', () => {
  const text = renderTable(sampleReport(), { color: false });
  assert.ok(!text.includes('\u001b'));
  assert.ok(!renderTable(emptyReport(), { color: false }).includes('\u001b'));
});

test('with colour, severities are coloured like Trivy and the text is otherwise the same', () => {
  const plain = renderTable(sampleReport(), { color: false });
  const coloured = renderTable(sampleReport(), { color: true });
  assert.ok(coloured.includes('\u001b[1;31mCRITICAL'));
  assert.ok(coloured.includes('\u001b[31mHIGH'));
  assert.ok(coloured.includes('\u001b[33mMEDIUM'));
  assert.ok(coloured.includes('\u001b[34mLOW'));
  assert.ok(coloured.includes('\u001b[90mINFO'));
  assert.equal(coloured.replace(ANSI, ''), plain);
});

test('sections come in order: header, inventory, errors, findings, paths, plan, totals', () => {
  const text = renderTable(sampleReport(), { color: false });
  const order = [
    'chokepoint 0.1.0',
    'Inputs (2)',
    'Inventory:',
    'Input errors (2)',
    'Findings (6)',
    'Attack paths (1)',
    'Plan:',
  ];
  const positions = order.map((s) => text.indexOf(s));
  assert.ok(
    positions.every((p) => p >= 0),
    JSON.stringify(positions),
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
  );
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.at(-1), '6 findings (2 critical, 1 high, 1 medium, 1 low, 1 info), 1 attack path, 2 input errors');
});

test('the inventory names objects per input, workloads, pods, namespaces, nodes, implied and unknown kinds', () => {
  const text = renderTable(sampleReport(), { color: false });
  assert.match(text, /manifests\/\s+4\s+12/);
  assert.match(text, /overlays\/prod:v2\s+1\s+2/);
  assert.match(text, /14 objects \(2 implied\), 3 workloads, 0 pods, 2 namespaces, 0 nodes/);
  assert.match(text, /Unknown kinds: 2 objects of 1 kind \(example\.com\/v1\/Widget 2\)/);
});

test('findings come critical first, in aligned columns', () => {
  const text = renderTable(sampleReport(), { color: false });
  const rows = text.split('\n').filter((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
  assert.deepEqual(
    rows.map((r) => r.trim().split(/\s+/)[0]),
    ['CRITICAL', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'],
  );
  const header = text.split('\n').find((l) => l.includes('SEVERITY'))!;
  for (const column of ['CHECK', 'OBJECT', 'CONTAINER', 'LOCATION', 'MESSAGE']) {
    const at = header.indexOf(column);
    for (const row of rows) assert.notEqual(row[at - 1], undefined);
    for (const row of rows) assert.equal(row[at - 1], ' ', `${column} is aligned in: ${row}`);
  }
  assert.ok(rows[0]!.includes('Deployment/shop/web') && rows[0]!.includes('manifests/shop/web.yaml:12'));
  assert.ok(rows.at(-1)!.includes('ClusterRole/ops'));
});

test('attack paths are one line each with score, source -> target and the chained steps', () => {
  const text = renderTable(sampleReport(), { color: false });
  const line = text.split('\n').find((l) => l.includes('Internet -> ClusterAdmin'))!;
  assert.match(line, /^\s+9\.25\s+Internet -> ClusterAdmin\s+Internet -\[EXPOSED_ENDPOINT\]-> Endpoint:shop\/web:80/);
  assert.match(line, /-\[NODE_KUBELET_CREDS\]-> ClusterAdmin$/);
});

test('the plan lists each fix with its object and patch', () => {
  const text = renderTable(sampleReport(), { color: false });
  assert.match(text, /Plan: 1 fix takes attack paths from 1 to 0/);
  assert.match(text, /fix-1\s+Deployment\/shop\/web\s+1\s+1\s+CE_PRIVILEGED\s+\{"spec":/);
});

test('the empty report says so in one short line per section', () => {
  const text = renderTable(emptyReport(), { color: false });
  assert.match(text, /^Inputs: none$/m);
  assert.match(text, /^No findings\.$/m);
  assert.match(text, /^Attack paths: none found$/m);
  assert.match(text, /^Plan: no fixes\.$/m);
  assert.ok(!text.includes('Input errors'), 'no errors section when there are none');
  assert.match(text, /^0 findings, 0 attack paths, 0 input errors\n$/m);
});

test('user text cannot write escape codes or break lines', () => {
  const report = sampleReport();
  report.findings[0]!.message = 'evil\u001b[2J\nsecond line';
  report.errors[0]!.message = 'bad\rline';
  const text = renderTable(report, { color: false });
  assert.ok(!text.includes('\u001b'));
  assert.ok(text.includes('evil\\x1b[2J second line'));
  assert.ok(text.includes('bad line'));
});
