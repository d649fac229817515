import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttackGraph, type GraphSettings } from '../../src/graph/index.js';
import { expandHops } from '../../src/graph/steps.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import { applyFixes } from '../../src/paths/apply.js';
import { tempTree } from '../helpers.js';
import { hasEdge } from './build.js';
import { MORE_CASES } from './techniques/more-cases.js';

/**
 * As fixes-remove-edges.test.ts does on the demo, on the technique cases whose manifests make the edge: every fix
 * with a patch, applied alone and the graph rebuilt, removes the edge. Fixes of the cloud side (an access entry given
 * as input) have no object to patch and are left out, as are multi-object ones.
 */
for (const k of MORE_CASES) {
  test(`fixes of ${k.technique}: ${k.from} -> ${k.to} remove it`, async () => {
    const settings: GraphSettings = { defaultRbac: true, ...k.settings };
    const inventory = await loadInventory([tempTree({ 'input.yaml': k.valid })]);
    const graph = expandHops(buildAttackGraph(inventory, settings));
    const edge = graph.out(k.from).find((e) => e.technique === k.technique && e.to === k.to);
    assert.ok(edge, 'no edge');
    assert.ok(edge.fixes.length > 0, 'no fix');
    for (const fix of edge.fixes) {
      if (!fix.object && !fix.patch) continue;
      const applied = applyFixes(inventory.objects, [fix]);
      assert.deepEqual(applied.problems, []);
      const after = expandHops(buildAttackGraph(rebuildInventory(inventory, applied.objects), settings));
      assert.ok(!hasEdge(after, k.from, k.technique, k.to), `${fix.id} leaves the edge`);
    }
  });
}
