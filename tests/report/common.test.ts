import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignColumns } from '../../src/report/columns.js';
import {
  escapeHtml,
  formatSteps,
  nodeObjectLabels,
  objectLabel,
  oneLine,
  parseLocation,
  sortFindings,
  totalsLine,
} from '../../src/report/common.js';
import { emptyReport, sampleReport } from './sample-report.js';

test('parseLocation takes only a final :<digits> as the line', () => {
  assert.deepEqual(parseLocation('a/b.yaml:12'), { file: 'a/b.yaml', line: 12 });
  assert.deepEqual(parseLocation('a/b.yaml'), { file: 'a/b.yaml' });
  assert.deepEqual(parseLocation('overlays/prod:v2/agent.yaml:7'), { file: 'overlays/prod:v2/agent.yaml', line: 7 });
  assert.deepEqual(parseLocation('overlays/prod:v2/agent.yaml'), { file: 'overlays/prod:v2/agent.yaml' });
  assert.deepEqual(parseLocation('C:\\x\\y.yaml:3'), { file: 'C:\\x\\y.yaml', line: 3 });
  assert.deepEqual(parseLocation('C:\\x\\y.yaml'), { file: 'C:\\x\\y.yaml' });
  assert.deepEqual(parseLocation('a.yaml:3x'), { file: 'a.yaml:3x' });
  assert.deepEqual(parseLocation('a.yaml:0'), { file: 'a.yaml' });
  assert.deepEqual(parseLocation(':5'), { file: ':5' });
});

test('objectLabel writes Kind/ns/name, or Kind/name for cluster-scoped objects', () => {
  assert.equal(objectLabel({ apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'b' }), 'Pod/a/b');
  assert.equal(objectLabel({ apiVersion: 'v1', kind: 'Node', name: 'n1' }), 'Node/n1');
  assert.equal(objectLabel({}), '');
});

test('findings sort worst first and keep report order within a severity', () => {
  const sorted = sortFindings(sampleReport().findings);
  assert.deepEqual(
    sorted.map((f) => `${f.severity} ${f.object.name}`),
    ['critical web', 'critical agent', 'high agent', 'medium web', 'low web', 'info ops'],
  );
});

test('totals line', () => {
  assert.equal(totalsLine(emptyReport()), '0 findings, 0 attack paths, 0 input errors');
  assert.equal(
    totalsLine(sampleReport()),
    '6 findings (2 critical, 1 high, 1 medium, 1 low, 1 info), 1 attack path, 2 input errors',
  );
});

test('steps chain as A -[T]-> B', () => {
  assert.equal(
    formatSteps(sampleReport().paths[0]!),
    'Internet -[EXPOSED_ENDPOINT]-> Endpoint:shop/web:80 -[ENDPOINT_WORKLOAD]-> Workload:shop/Deployment/web ' +
      '-[CE_PRIVILEGED]-> Node:* -[NODE_KUBELET_CREDS]-> ClusterAdmin',
  );
  const broken = {
    id: 'x',
    source: 'A',
    target: 'D',
    score: 0,
    steps: [
      { from: 'A', technique: 'T1', to: 'B', because: '' },
      { from: 'C', technique: 'T2', to: 'D', because: '' },
    ],
  };
  assert.equal(formatSteps(broken), 'A -[T1]-> B, C -[T2]-> D');
});

test('node ids map to the objects behind them', () => {
  assert.deepEqual(nodeObjectLabels('Workload:shop/Deployment/web'), ['Deployment/shop/web']);
  assert.deepEqual(nodeObjectLabels('Container:shop/StatefulSet/db/main'), ['StatefulSet/shop/db']);
  assert.deepEqual(nodeObjectLabels('ServiceAccount:shop/default'), ['ServiceAccount/shop/default']);
  assert.deepEqual(nodeObjectLabels('Secret:shop/db-creds'), ['Secret/shop/db-creds']);
  assert.deepEqual(nodeObjectLabels('Endpoint:shop/web:443'), ['Service/shop/web', 'Ingress/shop/web']);
  assert.deepEqual(nodeObjectLabels('Node:worker-1'), ['Node/worker-1']);
  for (const none of [
    'Internet',
    'ClusterAdmin',
    'Node:*',
    'User:alice',
    'Group:system:masters',
    'CloudIdentity:aws:arn:x',
  ]) {
    assert.deepEqual(nodeObjectLabels(none), [], none);
  }
});

test('oneLine neutralises terminal escapes and line breaks', () => {
  assert.equal(oneLine('a\nb\r\nc\td'), 'a b c d');
  assert.equal(oneLine('\u001b[2Jx\u0007\u009b'), '\\x1b[2Jx\\x07\\x9b');
});

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('alignColumns pads to the widest cell, right-aligns on request, leaves the last column unpadded', () => {
  const lines = alignColumns(
    [
      ['A', 'NUM', 'LAST'],
      ['longer', '7', 'x'],
      ['b', '1234', 'yy'],
    ],
    { alignRight: [1], indent: '> ' },
  );
  assert.deepEqual(lines, ['> A        NUM  LAST', '> longer     7  x', '> b       1234  yy']);
});
