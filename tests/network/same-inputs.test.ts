import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildAttackGraph } from '../../src/graph/index.js';
import type { AttackGraph, FixOption } from '../../src/graph/model.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeNetwork } from '../../src/network/index.js';
import { sameNetworkInputs } from '../../src/network/same-inputs.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { applyFixes } from '../../src/paths/apply.js';
import { forGeneratedClusters } from '../generated-clusters.js';
import { tempTree } from '../helpers.js';
import { deployment } from '../graph/build.js';

const base =
  deployment('web', 'containers: [{ name: c, image: x, ports: [{ containerPort: 80 }] }]') +
  `---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: app, annotations: { eks.amazonaws.com/role-arn: arn:aws:iam::1:role/r } }
`;

const W = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'app', name: 'web' };
const patchOf = (spec: Record<string, unknown>, metadata?: Record<string, unknown>): FixOption => ({
  id: 'test',
  title: 'test',
  cost: 1,
  object: W,
  patch: { spec: { template: { ...(metadata ? { metadata } : {}), spec } } },
});

async function sameAfter(fix: FixOption): Promise<boolean> {
  const inventory = await loadInventory([tempTree({ 'in.yaml': base })]);
  return sameNetworkInputs(inventory, rebuildInventory(inventory, applyFixes(inventory.objects, [fix]).objects));
}

test('fixes the network room never reads keep the network analysis', async () => {
  assert.equal(await sameAfter(patchOf({ automountServiceAccountToken: false })), true);
  assert.equal(await sameAfter(patchOf({ hostPID: false, securityContext: { runAsNonRoot: true } })), true);
  assert.equal(await sameAfter(patchOf({ containers: [{ name: 'c', securityContext: { privileged: false } }] })), true);
  const sa: FixOption = {
    id: 'sa',
    title: 'sa',
    cost: 1,
    object: { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'app', name: 'web' },
    patch: { metadata: { annotations: { 'eks.amazonaws.com/role-arn': null } } },
  };
  assert.equal(await sameAfter(sa), true);
});

test('labels, host networking, ports and new policies mean analysing again', async () => {
  assert.equal(await sameAfter(patchOf({}, { labels: { tier: 'x' } })), false);
  assert.equal(await sameAfter(patchOf({ hostNetwork: true })), false);
  assert.equal(await sameAfter(patchOf({ containers: [{ name: 'c', ports: [{ containerPort: 81 }] }] })), false);
  const policy: FixOption = {
    id: 'np',
    title: 'np',
    cost: 1,
    action: 'create',
    patch: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'app' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  };
  assert.equal(await sameAfter(policy), false);
});

/** Every edge with its facts and fixes, in order: two graphs alike edge for edge have the same digest. */
function digest(graph: AttackGraph): string {
  const hash = createHash('sha256');
  for (const e of graph.edges) {
    hash.update(
      `${e.from}|${e.technique}|${e.to}|${e.because}|${e.difficulty}|${e.fixes.map((f) => f.id).join(',')}\n`,
    );
  }
  return hash.digest('hex');
}

/**
 * On random generated clusters: the graph of the cluster with the plan's fixes applied is the same, edge for edge,
 * whether the input's network analysis is kept (when sameNetworkInputs allows) or the network is analysed again.
 */
test('generated clusters: verification keeping the network analysis builds the same graph', async () => {
  let kept = 0;
  await forGeneratedClusters(80, 4, async (inventory, draw) => {
    const network = analyzeNetwork(inventory);
    const shared = (inv: Inventory) => buildAttackGraph(inv, { defaultRbac: true, analyses: { inventory, network } });
    const attack = await analyzeAttacks(inventory, shared);
    const fixes = (attack.plan?.fixes ?? []).map((f) => f.id);
    const options = new Map<string, FixOption>();
    for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
    // The plan's fixes that create nothing: the ones that may leave the network alone.
    const chosen = fixes.map((id) => options.get(id)!).filter((f) => f.action !== 'create' && f.object);
    const fixed = rebuildInventory(inventory, applyFixes(inventory.objects, chosen).objects);
    if (sameNetworkInputs(inventory, fixed)) kept++;
    assert.equal(digest(shared(fixed)), digest(buildAttackGraph(fixed, { defaultRbac: true })), draw);
  });
  assert.ok(kept > 0, 'some run kept the network analysis');
});
