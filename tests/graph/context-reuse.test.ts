import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttackGraph, TechniqueContext, type FixOption } from '../../src/graph/index.js';
import { rebuildInventory } from '../../src/inventory/load.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { applyFixes } from '../../src/paths/apply.js';
import { forGeneratedClusters } from '../generated-clusters.js';

/**
 * A plan's verification reuses the workload infos of workloads its fixes left alone (TechniqueContext memoises them
 * by workload, service account and nodes): they must be what reading the fixed cluster afresh gives.
 */
test('generated clusters: workload infos reused after a plan equal those read afresh', async () => {
  let reused = 0;
  await forGeneratedClusters(80, 3, async (inventory, draw) => {
    const settings = { defaultRbac: true };
    const attack = await analyzeAttacks(inventory, (inv) => buildAttackGraph(inv, settings));
    const options = new Map<string, FixOption>();
    for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
    const chosen = (attack.plan?.fixes ?? []).map((f) => options.get(f.id)!);
    const before = new TechniqueContext(inventory, settings);
    const fixed = rebuildInventory(inventory, applyFixes(inventory.objects, chosen).objects);
    const after = new TechniqueContext(fixed, settings);
    // New workload objects (and node list) are unknown to the memo: read afresh.
    const fresh = new TechniqueContext(
      { ...fixed, workloads: fixed.workloads.map((w) => ({ ...w })), nodes: [...fixed.nodes] },
      settings,
    );
    assert.deepEqual(after.workloads, fresh.workloads, draw);
    reused += after.workloads.filter((wi) => before.workloads.includes(wi)).length;
  });
  assert.ok(reused > 0, 'some workload info was reused');
});
