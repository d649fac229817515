import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraphData, nodeLabel } from '../../src/report/graph-data.js';
import { parseValidReport, runCli } from '../helpers.js';
import { emptyReport, sampleReport } from './sample-report.js';

test('nodeLabel: short names for the drawing, the id itself where nothing is shorter', () => {
  assert.equal(nodeLabel('Internet'), 'Internet');
  assert.equal(nodeLabel('ClusterAdmin'), 'ClusterAdmin');
  assert.equal(nodeLabel('Workload:shop/Deployment/web'), 'Deployment web');
  assert.equal(nodeLabel('Container:shop/Deployment/web/app'), 'Deployment web/app');
  assert.equal(nodeLabel('Endpoint:shop/web:80'), 'shop/web:80');
  assert.equal(nodeLabel('ServiceAccount:ci/runner'), 'ci/runner');
  assert.equal(nodeLabel('CloudIdentity:aws:arn:aws:iam::111122223333:role/app'), 'role/app');
  assert.equal(nodeLabel('Node:*'), 'any node');
  assert.equal(nodeLabel('Node:ip-10-0-0-1'), 'ip-10-0-0-1');
});

test('the steps of all paths become one edge each, with the paths that run over them', () => {
  const report = sampleReport();
  const second = structuredClone(report.paths[0]!);
  second.id = 'path-2';
  second.steps = second.steps.slice(0, 3);
  second.target = 'Node:*';
  report.paths.push(second);
  const data = buildGraphData(report);
  assert.deepEqual(
    data.nodes.map((n) => [n.id, n.kind, n.source ?? false, n.target ?? false]),
    [
      ['Internet', 'Internet', true, false],
      ['ClusterAdmin', 'ClusterAdmin', false, true],
      ['Endpoint:shop/web:80', 'Endpoint', false, false],
      ['Workload:shop/Deployment/web', 'Workload', false, false],
      ['Node:*', 'Node', false, true],
    ],
  );
  assert.equal(data.edges.length, 4, 'the shared steps are drawn once');
  assert.deepEqual(
    data.edges.map((e) => e.paths),
    [[0, 1], [0, 1], [0, 1], [0]],
  );
  assert.deepEqual(data.paths[1]!.edges, ['e0', 'e1', 'e2']);
  assert.equal(data.edges[2]!.because, 'container app is privileged');
});

test('a fix marks exactly the steps the plan says it removes, never guessed from its technique', () => {
  const report = sampleReport();
  const data = buildGraphData(report);
  assert.deepEqual(data.fixes[0]!.edges, [], 'a report without fix steps marks nothing');
  assert.ok(data.edges.every((e) => e.fixes.length === 0));

  report.plan.fixes[0]!.steps = [
    { from: 'Workload:shop/Deployment/web', technique: 'CE_PRIVILEGED', to: 'Node:*' },
    { from: 'Workload:shop/Deployment/other', technique: 'CE_PRIVILEGED', to: 'Node:*' },
  ];
  const marked = buildGraphData(report);
  assert.deepEqual(marked.fixes[0], {
    id: 'fix-1',
    title: 'fix-1',
    object: 'Deployment/shop/web',
    edges: ['e2'],
  });
  assert.deepEqual(
    marked.edges.map((e) => e.fixes),
    [[], [], [0], []],
  );
});

test('no paths, no graph', () => {
  assert.deepEqual(buildGraphData(emptyReport()), { nodes: [], edges: [], paths: [], fixes: [] });
});

test('the demo plan names the steps each fix removes, and every one is a step of a reported path', () => {
  const report = parseValidReport(runCli(['scan', 'examples/demo', '--format', 'json']).stdout);
  assert.ok(report.plan.fixes.length > 0);
  const steps = new Set(report.paths.flatMap((p) => p.steps).map((s) => `${s.from}|${s.technique}|${s.to}`));
  for (const fix of report.plan.fixes) {
    assert.ok(fix.steps && fix.steps.length > 0, fix.id);
    for (const s of fix.steps) {
      assert.ok(steps.has(`${s.from}|${s.technique}|${s.to}`), `${fix.id}: ${s.from} ${s.technique} ${s.to}`);
      assert.ok(fix.techniques.includes(s.technique), fix.id);
    }
  }
  const data = buildGraphData(report);
  assert.ok(data.edges.some((e) => e.fixes.length > 0));
});
