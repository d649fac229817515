import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildAttackGraph } from '../../src/graph/index.js';
import type { AttackGraph } from '../../src/graph/model.js';
import { expandHops } from '../../src/graph/steps.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import { applyFixes } from '../../src/paths/apply.js';
import { repoRoot } from '../helpers.js';

/** Edges of the API server's default identities: their fixes name default objects that are not in the input. */
const implied = /^(User:system:|Group:system:|ServiceAccount:kube-system\/)/;

const settings = { defaultRbac: true } as const;

const hasEdge = (graph: AttackGraph, from: string, technique: string, to: string): boolean =>
  graph.out(from).some((e) => e.technique === technique && e.to === to);

/**
 * The key regression test of the fix options: on examples/demo, every fix attached to an edge, applied alone to the
 * manifests (src/paths/apply.ts) and the graph rebuilt, removes that edge. A fix offered for an edge it does not
 * remove makes the plan promise a cut that verification then finds open. Lateral movement is checked per workload
 * pair (class hops expanded), as a reader sees it.
 */
test('demo: every fix of every edge removes the edge once applied', async () => {
  const inventory = await loadInventory([path.join(repoRoot, 'examples/demo')]);
  const graph = expandHops(buildAttackGraph(inventory, settings));
  const rebuilt = new Map<string, AttackGraph>();
  const failures: string[] = [];
  let checked = 0;
  for (const edge of graph.edges) {
    if (implied.test(edge.from)) continue;
    for (const fix of edge.fixes) {
      if (!fix.object && !fix.patch) continue; // a fix spanning several objects has no single patch to apply
      let after = rebuilt.get(fix.id);
      if (!after) {
        const applied = applyFixes(inventory.objects, [fix]);
        failures.push(...applied.problems);
        after = expandHops(buildAttackGraph(rebuildInventory(inventory, applied.objects), settings));
        rebuilt.set(fix.id, after);
      }
      checked++;
      if (hasEdge(after, edge.from, edge.technique, edge.to)) {
        failures.push(`${edge.from} -[${edge.technique}]-> ${edge.to} survives ${fix.id}`);
      }
    }
  }
  assert.ok(checked > 20, `only ${checked} fixes checked`);
  assert.deepEqual(failures, []);
});
