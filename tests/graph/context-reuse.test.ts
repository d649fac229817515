import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackGraph, buildAttackGraph, TechniqueContext, type FixOption } from '../../src/graph/index.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeNetwork } from '../../src/network/index.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { analyzeRbac } from '../../src/rbac/index.js';
import { applyFixes, fixAction } from '../../src/paths/apply.js';
import { forGeneratedClusters } from '../generated-clusters.js';
import { repoRoot, tempTree } from '../helpers.js';
import { deployment, hasEdge } from './build.js';
import { AWS_IDENTITY, SA, awsSecret } from './techniques/more-cases.js';

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

/** Every edge with what it says, in order. */
const edgeLines = (graph: AttackGraph): string[] =>
  graph.edges.map(
    (e) => `${e.from}|${e.technique}|${e.to}|${e.because}|${e.difficulty}|${e.fixes.map((f) => f.id).join(',')}`,
  );

test('generated clusters: after a plan, what is reused equals what is read afresh, up to the whole graph', async () => {
  await forGeneratedClusters(80, 3, async (inventory, draw) => {
    const attack = await analyzeAttacks(inventory, (inv) => buildAttackGraph(inv, settings));
    const options = new Map<string, FixOption>();
    for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
    const chosen = (attack.plan?.fixes ?? []).map((f) => options.get(f.id)!);
    const fixed = rebuildInventory(inventory, applyFixes(inventory.objects, chosen).objects);
    const { reused, fresh } = infos(fixed);
    assert.deepEqual(reused, fresh, draw);
    // A deep copy shares no object with what the memos (by object) know: everything is read afresh.
    assert.deepEqual(
      edgeLines(buildAttackGraph(fixed, settings)),
      edgeLines(buildAttackGraph(structuredClone(fixed), settings)),
      draw,
    );
  });
});

test('a Secret fixed while the workload reading it is not: the credential it held is gone', async () => {
  const W = 'Workload:app/Deployment/w';
  const mount =
    'volumes: [{ name: s, secret: { secretName: aws } }]\ncontainers: [{ name: c, image: x, volumeMounts: [{ name: s, mountPath: /aws }] }]';
  const inventory = await loadInventory([
    tempTree({ 'in.yaml': SA('default') + awsSecret(true) + deployment('w', mount) }),
  ]);
  const edge = buildAttackGraph(inventory, settings)
    .out(W)
    .find((e) => e.technique === 'STATIC_CREDENTIAL' && e.to === AWS_IDENTITY)!;
  const fix = edge.fixes.find((f) => f.object?.kind === 'Secret')!;
  const fixed = rebuildInventory(inventory, applyFixes(inventory.objects, [fix]).objects);
  // The workload's info is the one already made (its routes are then memoised with it)...
  const before = new TechniqueContext(inventory, settings).workloads;
  assert.ok(new TechniqueContext(fixed, settings).workloads.every((wi) => before.includes(wi)));
  // ...and still the Secret's change is seen.
  assert.ok(!hasEdge(buildAttackGraph(fixed, settings), W, 'STATIC_CREDENTIAL', AWS_IDENTITY));
});

/** Freezes a value all the way down: changing it then throws (modules run in strict mode). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  for (const item of Object.values(value)) deepFreeze(item);
  Object.freeze(value);
}

test('the analyses, the plan and its verification never change an object read from the input (memos rely on it)', async () => {
  const check = async (inventory: Inventory, draw: string): Promise<void> => {
    for (const o of inventory.objects) deepFreeze(o.raw);
    const network = analyzeNetwork(inventory);
    const rbac = analyzeRbac(inventory, settings);
    const attack = await analyzeAttacks(inventory, (inv) =>
      buildAttackGraph(inv, { ...settings, analyses: { inventory, network, rbac } }),
    );
    assert.ok(attack.plan, draw);
  };
  await check(await loadInventory([path.join(repoRoot, 'examples/demo')]), 'examples/demo');
  await forGeneratedClusters(80, 2, check);
});
