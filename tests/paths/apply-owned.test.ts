import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttackGraph } from '../../src/graph/index.js';
import { loadInventory, rebuildInventory } from '../../src/inventory/load.js';
import { applyFixes } from '../../src/paths/apply.js';
import { tempTree } from '../helpers.js';

/** A Deployment as a dump has it: with its ReplicaSet and a live Pod carrying the automount's projected volume. */
const DUMP = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: app }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      serviceAccountName: api
      containers: [{ name: api, image: api:1 }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-5d4f
  namespace: app
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: api, controller: true }]
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      serviceAccountName: api
      containers: [{ name: api, image: api:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: api-5d4f-x1
  namespace: app
  labels: { app: api }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: api-5d4f, controller: true }]
spec:
  serviceAccountName: api
  containers:
    - name: api
      image: api:1
      volumeMounts: [{ name: kube-api-access-abcde, mountPath: /var/run/secrets/kubernetes.io/serviceaccount }]
  volumes:
    - name: kube-api-access-abcde
      projected:
        sources: [{ serviceAccountToken: { path: token } }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: app }
`;

test('a pod-template fix reaches the ReplicaSets and live Pods the controller owns', async () => {
  const inventory = await loadInventory([tempTree({ 'dump.yaml': DUMP })]);
  const graph = buildAttackGraph(inventory, { defaultRbac: true });
  const edge = graph.edges.find((e) => e.technique === 'IDENTITY_ASSUME' && e.from === 'Workload:app/Deployment/api');
  assert.ok(edge, 'the live pod holds the token');
  const fix = edge.fixes.find((f) => f.id.endsWith(':automountServiceAccountToken=false'));
  assert.ok(fix, edge.fixes.map((f) => f.id).join());
  const applied = applyFixes(inventory.objects, [fix]);
  assert.deepEqual(applied.problems, []);
  assert.deepEqual([...applied.patched.keys()].map((o) => `${o.kind}/${o.name}`).sort(), [
    'Deployment/api',
    'Pod/api-5d4f-x1',
    'ReplicaSet/api-5d4f',
  ]);
  const pod = applied.objects.find((o) => o.kind === 'Pod')!;
  assert.equal((pod.raw['spec'] as Record<string, unknown>)['automountServiceAccountToken'], false);
  const after = buildAttackGraph(rebuildInventory(inventory, applied.objects), { defaultRbac: true });
  assert.ok(!after.edges.some((e) => e.technique === 'IDENTITY_ASSUME' && e.from === edge.from));
});
