import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AttackGraph } from '../../src/graph/model.js';
import type { JsonObject } from '../../src/inventory/json.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { diffAttacks } from '../../src/paths/diff.js';
import { parseKeep } from '../../src/paths/keep.js';
import { writeAppliedCopies } from '../../src/paths/output.js';
import { tempTree } from '../helpers.js';

/**
 * A tiny stand-in for the technique registry: a Deployment annotated `exposed: "true"` is reached from the Internet
 * (fix: drop the annotation), a privileged container reaches the node (fix: privileged false), and a ServiceAccount
 * named in a ClusterRoleBinding to cluster-admin is ClusterAdmin (fix: delete the binding).
 */
function tinyBuilder(inventory: Inventory): AttackGraph {
  const graph = new AttackGraph();
  graph.addNode({ id: 'Internet', kind: 'Internet' });
  graph.addNode({ id: 'Node:*', kind: 'Node' });
  graph.addNode({ id: 'ClusterAdmin', kind: 'ClusterAdmin' });
  for (const w of inventory.workloads) {
    graph.addNode({ id: w.id, kind: 'Workload' });
    const ref = { apiVersion: 'apps/v1', kind: w.kind, namespace: w.namespace, name: w.name };
    if (w.object?.annotations['exposed'] === 'true') {
      graph.addEdge({
        from: 'Internet',
        to: w.id,
        technique: 'EXPOSED_ENDPOINT',
        because: 'annotation exposed',
        difficulty: 0.1,
        fixes: [
          {
            id: `unexpose:${w.id}`,
            title: 'unexpose',
            cost: 5,
            object: ref,
            patch: { metadata: { annotations: { exposed: null } } },
          },
        ],
      });
    }
    for (const c of w.template.containers) {
      const sc = c.raw['securityContext'] as JsonObject | undefined;
      if (sc?.['privileged'] === true) {
        graph.addEdge({
          from: w.id,
          to: 'Node:*',
          technique: 'CE_PRIV_MOUNT',
          because: `container ${c.name} privileged`,
          difficulty: 0.1,
          fixes: [
            {
              id: `unpriv:${w.id}/${c.name}`,
              title: 'not privileged',
              cost: 1,
              object: ref,
              patch: {
                spec: {
                  template: { spec: { containers: [{ name: c.name, securityContext: { privileged: false } }] } },
                },
              },
            },
          ],
        });
      }
    }
    const sa = (w.template.spec['serviceAccountName'] as string | undefined) ?? 'default';
    const said = `ServiceAccount:${w.namespace}/${sa}`;
    graph.addNode({ id: said, kind: 'ServiceAccount' });
    graph.addEdge({ from: w.id, to: said, technique: 'IDENTITY_ASSUME', because: 'token', difficulty: 0.1, fixes: [] });
  }
  for (const o of inventory.objects) {
    if (o.kind !== 'ClusterRoleBinding') continue;
    for (const s of (o.raw['subjects'] as JsonObject[] | undefined) ?? []) {
      const said = `ServiceAccount:${String(s['namespace'])}/${String(s['name'])}`;
      if (!graph.nodes.has(said)) continue;
      graph.addEdge({
        from: said,
        to: 'ClusterAdmin',
        technique: 'ROLE_BIND',
        because: `ClusterRoleBinding ${o.name}`,
        difficulty: 0.2,
        fixes: [
          {
            id: `delete:${o.name}`,
            title: 'delete binding',
            cost: 3,
            object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: o.name },
          },
        ],
      });
    }
  }
  return graph;
}

const deployment = (name: string, exposed: boolean, privileged: boolean, sa = name): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
  annotations: { exposed: "${exposed}" }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: app
          image: app:1
          securityContext: { privileged: ${privileged} }
        - name: sidecar
          image: side:1
`;

const binding = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: web-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
`;

test('plan, apply to the inventory, rebuild and search again: zero paths after; the written copies agree', async () => {
  const dir = tempTree({
    'in/web.yaml': deployment('web', true, true),
    'in/rbac.yaml': binding,
    'in/batch.yaml': deployment('batch', false, true),
  });
  const inventory = await loadInventory([path.join(dir, 'in')]);
  const analysis = await analyzeAttacks(inventory, tinyBuilder);
  assert.deepEqual(analysis.sources, ['Internet']);
  assert.deepEqual(
    analysis.paths.map((p) => p.target),
    ['ClusterAdmin', 'Node:*'],
  );
  const plan = analysis.plan!;
  assert.equal(plan.method, 'min-cut');
  assert.deepEqual(plan.fixes.map((f) => f.id).sort(), ['delete:web-admin', 'unpriv:Workload:shop/Deployment/web/app']);
  assert.equal(plan.fixes[0]!.id, 'unpriv:Workload:shop/Deployment/web/app'); // 1 path per cost 1 first
  assert.equal(plan.fixes[1]!.action, 'delete');
  assert.equal(plan.pathsBefore, 2);
  assert.equal(plan.pathsAfter, 0);
  // The patched container kept its image and its sidecar.
  const web = analysis.applied!.inventory.workloads.find((w) => w.name === 'web')!;
  assert.deepEqual(
    web.template.containers.map((c) => [c.name, c.image]),
    [
      ['app', 'app:1'],
      ['sidecar', 'side:1'],
    ],
  );
  // Scanning the written copies finds no path either.
  const out = path.join(dir, 'out');
  await writeAppliedCopies(out, inventory.objects, analysis.applied!);
  assert.ok(!readFileSync(path.join(out, 'web.yaml'), 'utf8').includes('privileged: true'));
  const again = await analyzeAttacks(await loadInventory([out]), tinyBuilder);
  assert.equal(again.paths.length, 0);
});

test('keep routes the plan around a kept object, and reports what survives', async () => {
  const dir = tempTree({ 'web.yaml': deployment('web', true, true), 'rbac.yaml': binding });
  const inventory = await loadInventory([dir]);
  const keep = parseKeep({ objects: ['ClusterRoleBinding/web-admin'] }).keep;
  const analysis = await analyzeAttacks(inventory, tinyBuilder, { keep });
  assert.deepEqual(
    analysis.plan!.fixes.map((f) => f.id),
    ['unexpose:Workload:shop/Deployment/web'],
  );
  assert.equal(analysis.plan!.pathsAfter, 0);
  const both = parseKeep({ objects: ['ClusterRoleBinding/web-admin', 'Deployment/shop/web'] }).keep;
  const blocked = await analyzeAttacks(inventory, tinyBuilder, { keep: both });
  assert.equal(blocked.plan!.fixes.length, 0);
  assert.equal(blocked.plan!.pathsAfter, 2);
  assert.ok(blocked.plan!.kept.every((k) => k.blockedBy.some((r) => r.includes('Deployment/shop/web'))));
});

test('diff: a change adding a privileged exposed pod or a binding opens a new path, located in the manifest', async () => {
  const base = tempTree({ 'web.yaml': deployment('web', true, false) });
  const privileged = tempTree({ 'web.yaml': deployment('web', true, true) });
  const bound = tempTree({ 'web.yaml': deployment('web', true, false), 'rbac.yaml': binding });
  const side = async (dir: string) => {
    const inventory = await loadInventory([dir]);
    const a = await analyzeAttacks(inventory, tinyBuilder, { noPlan: true });
    return { inventory, graph: a.graph, sources: a.sources, targets: a.targets, paths: a.paths, findings: [] };
  };
  const b = await side(base);
  assert.equal(diffAttacks(b, b).opened.length, 0);
  const p = diffAttacks(b, await side(privileged));
  assert.equal(p.opened.length, 1);
  assert.equal(p.opened[0]!.path.target, 'Node:*');
  assert.match(p.opened[0]!.locations[0]!, /web\.yaml:2$/);
  const r = diffAttacks(b, await side(bound));
  assert.equal(r.opened.length, 1);
  assert.equal(r.opened[0]!.path.target, 'ClusterAdmin');
  assert.ok(
    r.opened[0]!.locations.some((l) => /rbac\.yaml:2$/.test(l)),
    r.opened[0]!.locations.join(),
  );
  // Removing the change closes it again.
  assert.equal(diffAttacks(await side(bound), b).closed.length, 1);
});
