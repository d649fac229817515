import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttackGraph } from '../../src/graph/index.js';
import type { FixOption } from '../../src/graph/model.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import { applyFixes } from '../../src/paths/apply.js';
import { tempTree } from '../helpers.js';
import { deployment } from './build.js';

const W = 'Workload:app/Deployment/w';

/** The edge of `technique` from the workload to `to` after applying `fixIds` of the first graph. */
async function edgeAfter(yaml: string, technique: string, to: (id: string) => boolean) {
  const inventory = await loadInventory([tempTree({ 'in.yaml': yaml })]);
  const graph = buildAttackGraph(inventory, { defaultRbac: true });
  const edge = graph.out(W).find((e) => e.technique === technique && to(e.to));
  const after = (fixes: readonly FixOption[]): boolean =>
    buildAttackGraph(rebuildInventory(inventory, applyFixes(inventory.objects, fixes).objects), { defaultRbac: true })
      .out(W)
      .some((e) => e.technique === technique && to(e.to));
  return { graph, edge, after };
}

test('a step two containers allow is removed only by fixing both: one combined fix', async () => {
  const yaml = deployment(
    'w',
    `initContainers: [{ name: init, image: x, securityContext: { privileged: true } }]
containers: [{ name: main, image: x, securityContext: { privileged: true } }]`,
  );
  const { edge, after } = await edgeAfter(yaml, 'CE_PRIV_MOUNT', (id) => id === 'Node:*');
  assert.ok(edge);
  assert.equal(edge.fixes.length, 1);
  assert.match(edge.fixes[0]!.id, /containers\/main\/privileged=false/);
  assert.match(edge.fixes[0]!.id, /containers\/init\/privileged=false/);
  assert.equal(after(edge.fixes), false, 'the combined fix removes the step');
  const one = {
    ...edge.fixes[0]!,
    id: 'main only',
    patch: { spec: { template: { spec: { containers: [{ name: 'main', securityContext: { privileged: false } }] } } } },
  };
  assert.equal(after([one]), true, 'fixing one container leaves the step');
});

test('two containers mounting the kubelet pods folder: both volumes go', async () => {
  const yaml =
    deployment(
      'w',
      `volumes: [{ name: a, hostPath: { path: /var/lib/kubelet } }, { name: b, hostPath: { path: /var/lib/kubelet/pods } }]
containers:
  - { name: one, image: x, volumeMounts: [{ name: a, mountPath: /a }] }
  - { name: two, image: x, volumeMounts: [{ name: b, mountPath: /b }] }`,
    ) + deployment('victim', 'serviceAccountName: victim\ncontainers: [{ name: c, image: x }]');
  // The step goes through the hub of the tokens on the workload's nodes (helpers.ts nodeTokenEdges).
  const { graph, edge, after } = await edgeAfter(yaml, 'EXPLOIT_HOST_TRAVERSE', (id) =>
    id.startsWith('Hub:EXPLOIT_HOST_TRAVERSE/'),
  );
  assert.ok(edge);
  assert.ok(graph.out(edge.to).some((e) => e.to === 'ServiceAccount:app/victim'));
  assert.equal(edge.fixes.length, 1);
  assert.match(edge.fixes[0]!.id, /volumes\/a/);
  assert.match(edge.fixes[0]!.id, /volumes\/b/);
  assert.equal(after(edge.fixes), false);
});
