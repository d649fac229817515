import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttackGraph, TechniqueContext, type FixOption } from '../../src/graph/index.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { applyFixes, fixAction } from '../../src/paths/apply.js';
import { forGeneratedClusters } from '../generated-clusters.js';
import { repoRoot } from '../helpers.js';

/**
 * A plan's verification reuses the workload infos of workloads its fixes left alone (TechniqueContext memoises them
 * by workload, service account and nodes): they must be what reading the fixed cluster afresh gives.
 */
const settings = { defaultRbac: true };

/** The infos of `fixed` as the context gives them, and as read afresh (new workload objects and node list). */
function infos(fixed: Inventory) {
  const fresh = { ...fixed, workloads: fixed.workloads.map((w) => ({ ...w })), nodes: [...fixed.nodes] };
  return {
    reused: new TechniqueContext(fixed, settings).workloads,
    fresh: new TechniqueContext(fresh, settings).workloads,
  };
}

test('demo: after one fix, the other workloads keep their infos, equal to fresh ones', async () => {
  const inventory = await loadInventory([path.join(repoRoot, 'examples/demo')]);
  const before = new TechniqueContext(inventory, settings).workloads;
  const fix = buildAttackGraph(inventory, settings)
    .edges.flatMap((e) => e.fixes)
    .find((f) => fixAction(f) === 'patch' && f.object?.kind === 'Deployment')!;
  const { reused, fresh } = infos(rebuildInventory(inventory, applyFixes(inventory.objects, [fix]).objects));
  assert.deepEqual(reused, fresh);
  const kept = reused.filter((wi) => before.includes(wi)).length;
  assert.equal(kept, reused.length - 1, `${kept} of ${reused.length} kept`);
});

test('generated clusters: workload infos after a plan equal those read afresh', async () => {
  await forGeneratedClusters(80, 3, async (inventory, draw) => {
    const attack = await analyzeAttacks(inventory, (inv) => buildAttackGraph(inv, settings));
    const options = new Map<string, FixOption>();
    for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
    const chosen = (attack.plan?.fixes ?? []).map((f) => options.get(f.id)!);
    const { reused, fresh } = infos(rebuildInventory(inventory, applyFixes(inventory.objects, chosen).objects));
    assert.deepEqual(reused, fresh, draw);
  });
});
