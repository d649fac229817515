import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { isJsonObject } from '../../src/inventory/json.js';
import { buildWorkloads } from '../../src/inventory/workloads.js';
import { buildAttackGraph, type FixOption } from '../../src/graph/index.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { applyFixes, fixAction } from '../../src/paths/apply.js';
import { forGeneratedClusters } from '../generated-clusters.js';
import { repoRoot, tempTree } from '../helpers.js';
import { docs, pod } from './fixtures.js';

test('rebuilding after edits derives workloads, identities and implied objects again', async () => {
  const root = tempTree({
    'a.yaml': docs(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
      pod('web', 'shop', '      securityContext: {privileged: true}'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken, namespace: shop}\nspec: {template: {spec: {}}}',
    ),
  });
  const before = await loadInventory([root]);
  assert.equal(before.errors.length, 1);
  const read = before.objects.filter((o) => !o.implied);
  // Patch the pod (drop privileged, relabel), delete the Namespace, add a ServiceAccount.
  const edited = read
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => {
      if (o.kind !== 'Pod') return o;
      const raw = structuredClone(o.raw);
      const spec = raw['spec'];
      if (isJsonObject(spec) && Array.isArray(spec['containers']) && isJsonObject(spec['containers'][0])) {
        spec['containers'][0]['securityContext'] = { privileged: false };
      }
      raw['metadata'] = { name: 'web', namespace: 'shop', labels: { app: 'web' } };
      return { ...o, raw };
    });
  const account = {
    ...read[0]!,
    raw: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } },
  };
  const after = rebuildInventory(before, [...edited, account]);
  const web = after.workloads.find((w) => w.name === 'web')!;
  assert.deepEqual(web.template.containers[0]!.raw['securityContext'], { privileged: false });
  assert.deepEqual(after.objects.find((o) => o.kind === 'Pod')!.labels, { app: 'web' });
  assert.ok(after.objects.some((o) => o.kind === 'ServiceAccount' && o.name === 'web' && !o.implied));
  // The Namespace is gone from the input, so it is implied again.
  assert.equal(after.namespaces.get('shop')!.implied, true);
  // The broken Deployment's error is the original one, not reported twice; the original inventory is untouched.
  assert.equal(after.errors.length, 1);
  assert.deepEqual(before.workloads.find((w) => w.name === 'web')!.template.containers[0]!.raw['securityContext'], {
    privileged: true,
  });
});

/** The plan's patches for an inventory applied and the inventory rebuilt (created objects left out: edits in place). */
async function patchedByPlan(inventory: Inventory): Promise<Inventory> {
  const attack = await analyzeAttacks(inventory, (inv) => buildAttackGraph(inv, { defaultRbac: true }));
  const options = new Map<string, FixOption>();
  for (const e of attack.graph.edges) for (const f of e.fixes) options.set(f.id, f);
  const patches = (attack.plan?.fixes ?? []).map((f) => options.get(f.id)!).filter((f) => fixAction(f) === 'patch');
  return rebuildInventory(inventory, applyFixes(inventory.objects, patches).objects);
}

test('an edit in place reuses the workloads it leaves alone and reads the others again (examples/demo)', async () => {
  const inventory = await loadInventory([path.join(repoRoot, 'examples/demo')]);
  // One fix the graph offers that patches a Deployment's pod template.
  const fix = buildAttackGraph(inventory, { defaultRbac: true })
    .edges.flatMap((e) => e.fixes)
    .find((f) => fixAction(f) === 'patch' && f.object?.kind === 'Deployment')!;
  const fixed = rebuildInventory(inventory, applyFixes(inventory.objects, [fix]).objects);
  assert.deepEqual(fixed.workloads, buildWorkloads(fixed.objects, []));
  const reused = fixed.workloads.filter((w) => inventory.workloads.includes(w)).length;
  assert.ok(reused > 0 && reused < fixed.workloads.length, `${reused} of ${fixed.workloads.length} reused`);
});

test('generated clusters: the workloads of a plan applied in place are those a full build finds', async () => {
  await forGeneratedClusters(80, 4, async (inventory, draw) => {
    const fixed = await patchedByPlan(inventory);
    assert.deepEqual(fixed.workloads, buildWorkloads(fixed.objects, []), draw);
  });
});

test('an edit that moves an object to another owner builds the workloads anew', async () => {
  const before = await loadInventory([tempTree({ 'a.yaml': docs(pod('a', 'shop', ''), pod('b', 'shop', '')) })]);
  const owner = [{ apiVersion: 'v1', kind: 'Pod', name: 'a', controller: true }];
  const objects = before.objects.map((o) =>
    o.name === 'b'
      ? { ...o, raw: { ...o.raw, metadata: { name: 'b', namespace: 'shop', ownerReferences: owner } } }
      : o,
  );
  const after = rebuildInventory(before, objects);
  assert.deepEqual(after.workloads, buildWorkloads(after.objects, []));
  assert.deepEqual(
    after.workloads.map((w) => w.id),
    ['Workload:shop/Pod/a'],
  );
  assert.ok(after.workloads.every((w) => !before.workloads.includes(w)));
});
