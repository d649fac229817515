import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateCluster } from '../../bench/generator/index.js';
import { buildAttackGraph } from '../../src/graph/index.js';
import type { AttackGraph, FixOption } from '../../src/graph/model.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { applyFixes } from '../../src/paths/apply.js';
import { parseKeep } from '../../src/paths/keep.js';
import { forGeneratedClusters } from '../generated-clusters.js';
import { tempTree } from '../helpers.js';

const build = (inventory: Inventory): AttackGraph => buildAttackGraph(inventory, { defaultRbac: true });

/** Whether some source reaches some target: the reference, a plain breadth-first search. */
function connected(graph: AttackGraph, sources: readonly string[], targets: ReadonlySet<string>): boolean {
  const seen = new Set(sources.filter((s) => graph.nodes.has(s)));
  const queue = [...seen];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (targets.has(node)) return true;
    for (const e of graph.out(node)) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return false;
}

/** The standard targets of the fixed cluster's graph that were targets before (fixes remove no node). */
function targetsIn(graph: AttackGraph, targets: readonly string[]): Set<string> {
  return new Set(targets.filter((t) => graph.nodes.has(t)));
}

/**
 * On random generated clusters (seed and profile drawn by fast-check), with the real technique registry: the plan,
 * applied to the manifests and everything analysed again, leaves no path from the Internet to a target; and it is
 * irredundant in the re-analysed cluster too: applying all its fixes but one leaves a path.
 */
test('generated clusters: the verified plan cuts every path and no fix can be dropped', async () => {
  await forGeneratedClusters(60, 3, async (inventory, draw) => {
    const attack = await analyzeAttacks(inventory, build);
    const plan = attack.plan!;
    assert.ok(plan.pathsBefore > 0, `${draw} has attack paths to cut`);
    assert.deepEqual(plan.kept, [], `${draw}: paths survive the plan`);
    const fixes = plan.fixes.map((f) => f.id);
    const options = new Map<string, FixOption>();
    for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
    const after = (ids: readonly string[]): AttackGraph => {
      const applied = applyFixes(
        inventory.objects,
        ids.map((id) => options.get(id)!),
      );
      return build(rebuildInventory(inventory, applied.objects));
    };
    const all = after(fixes);
    assert.equal(connected(all, attack.sources, targetsIn(all, attack.targets)), false, `${draw}: open after`);
    for (const dropped of fixes) {
      const rest = after(fixes.filter((id) => id !== dropped));
      assert.ok(
        connected(rest, attack.sources, targetsIn(rest, attack.targets)),
        `${draw}: the plan still cuts everything without ${dropped}`,
      );
    }
  });
});

/** A kept object routes the plan around it; what still reaches a target is listed with the rule that keeps it. */
test('generated clusters: paths a keep rule protects are reported with the rule', async () => {
  const out = path.join(tempTree({}), 'dump');
  await generateCluster({ pods: 60, seed: 11, profile: 'default', out });
  const inventory = await loadInventory([out]);
  const first = await analyzeAttacks(inventory, build);
  const objects = first.plan!.fixes.flatMap((f) => {
    const o = f.object as { kind?: string; namespace?: string; name?: string };
    return o.kind && o.name ? [`${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`] : [];
  });
  assert.ok(objects.length > 0);
  const keep = parseKeep({ objects }).keep;
  const second = await analyzeAttacks(inventory, build, { keep });
  const plan = second.plan!;
  for (const id of plan.fixes.map((f) => f.id)) {
    assert.ok(!objects.some((o) => id.startsWith(`${o}:`)), `${id} changes a kept object`);
  }
  for (const kept of plan.kept) assert.ok(kept.blockedBy.length > 0, `${kept.path.id} survives without a reason`);
  assert.equal(plan.pathsAfter, plan.kept.length);
});
