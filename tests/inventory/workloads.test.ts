import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadInventory } from '../../src/inventory/load.js';
import { tempTree } from '../helpers.js';
import { docs, pod } from './fixtures.js';

const template = (image: string): Record<string, unknown> => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image }] },
});

function list(items: unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items }, null, 4);
}

test('every controller kind is expanded to its pod template, including custom kinds that carry one', async () => {
  const controllers = [
    { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: template('d:1') } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template: template('rs:1') } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template: template('ss:1') } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: template('ds:1') } },
    { apiVersion: 'batch/v1', kind: 'Job', spec: { template: template('job:1') } },
    { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: template('cron:1') } } } },
    { apiVersion: 'v1', kind: 'ReplicationController', spec: { template: template('rc:1') } },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { template: template('rollout:1') } },
    {
      apiVersion: 'example.com/v1',
      kind: 'Runner',
      spec: { jobTemplate: { spec: { template: template('runner:1') } } },
    },
    // A custom resource without a pod template runs nothing.
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', spec: { replicas: 2 } },
  ].map((c) => ({ ...c, metadata: { name: c.kind.toLowerCase(), namespace: 'apps' } }));
  const root = tempTree({ 'all.yaml': docs(pod('bare', 'apps')), 'controllers.json': list(controllers) });
  const inventory = await loadInventory([root]);
  assert.deepEqual(inventory.errors, []);
  assert.deepEqual(
    inventory.workloads.map((w) => [w.id, w.template.containers[0]!.image, w.template.specPath, w.templateFrom]),
    [
      ['Workload:apps/CronJob/cronjob', 'cron:1', 'spec.jobTemplate.spec.template.spec', 'template'],
      ['Workload:apps/DaemonSet/daemonset', 'ds:1', 'spec.template.spec', 'template'],
      ['Workload:apps/Deployment/deployment', 'd:1', 'spec.template.spec', 'template'],
      ['Workload:apps/Job/job', 'job:1', 'spec.template.spec', 'template'],
      // A bare Pod is its own pod: its spec is a pod's, not a template's.
      ['Workload:apps/Pod/bare', 'nginx:1.27', 'spec', 'pods'],
      ['Workload:apps/ReplicaSet/replicaset', 'rs:1', 'spec.template.spec', 'template'],
      ['Workload:apps/ReplicationController/replicationcontroller', 'rc:1', 'spec.template.spec', 'template'],
      ['Workload:apps/Rollout/rollout', 'rollout:1', 'spec.template.spec', 'template'],
      ['Workload:apps/Runner/runner', 'runner:1', 'spec.jobTemplate.spec.template.spec', 'template'],
      ['Workload:apps/StatefulSet/statefulset', 'ss:1', 'spec.template.spec', 'template'],
    ],
  );
  assert.deepEqual(inventory.workloads[0]!.template.labels, { app: 'web' });
});

test('a controller with a malformed pod template is reported and kept, running no workload', async () => {
  const root = tempTree({
    'bad.yaml': docs(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nocontainers}\nspec: {template: {spec: {}}}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: badlist}\nspec: {template: {spec: {containers: {name: x}}}}',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nojob}\nspec: {schedule: "* * * * *"}',
    ),
  });
  const inventory = await loadInventory([root]);
  assert.equal(inventory.workloads.length, 0);
  assert.equal(inventory.objects.filter((o) => !o.implied).length, 3);
  assert.deepEqual(
    inventory.errors.map((e) => [e.line, e.object, e.message]),
    [
      [
        1,
        'Deployment/default/nocontainers',
        'no containers at spec.template.spec.containers; the object is kept but runs no workload',
      ],
      [
        6,
        'Deployment/default/badlist',
        'spec.template.spec.containers is not a list; the object is kept but runs no workload',
      ],
      [
        11,
        'CronJob/default/nojob',
        'no pod spec at spec.jobTemplate.spec.template.spec; the object is kept but runs no workload',
      ],
    ],
  );
});

/** A small live-cluster dump, as `kubectl get -o json` writes it, with ownerReferences linking pods to controllers. */
function liveDump(): Record<string, string> {
  const owner = (kind: string, name: string, uid: string): Record<string, unknown> => ({
    apiVersion: kind === 'ReplicaSet' || kind === 'Deployment' ? 'apps/v1' : kind === 'Node' ? 'v1' : 'batch/v1',
    kind,
    name,
    uid,
    controller: true,
  });
  const podOf = (
    name: string,
    uid: string,
    refs: unknown[],
    node: string,
    ip: string,
    image: string,
    created: string,
  ): unknown => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid,
      ownerReferences: refs,
      creationTimestamp: created,
      labels: { app: 'web' },
    },
    spec: { nodeName: node, serviceAccountName: 'web', containers: [{ name: 'app', image }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  });
  return {
    'cluster/nodes.json': list([
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'node-a', uid: 'n-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
        spec: { podCIDR: '10.1.0.0/24', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
        status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
      },
    ]),
    'namespaces/shop/deployments.json': list([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop', uid: 'd-web' },
        spec: { template: template('web:1') },
      },
    ]),
    'namespaces/shop/replicasets.json': list([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: 'web-aaa',
          namespace: 'shop',
          uid: 'rs-new',
          ownerReferences: [owner('Deployment', 'web', 'd-web')],
        },
        spec: { template: template('web:2') },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: 'web-old',
          namespace: 'shop',
          uid: 'rs-old',
          ownerReferences: [owner('Deployment', 'web', 'd-web')],
        },
        spec: { replicas: 0, template: template('web:0') },
      },
    ]),
    'namespaces/shop/cronjobs.json': list([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop', uid: 'cj' },
        spec: { jobTemplate: { spec: { template: template('report:1') } } },
      },
    ]),
    'namespaces/shop/jobs.json': list([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'report-123',
          namespace: 'shop',
          uid: 'job',
          ownerReferences: [owner('CronJob', 'report', 'cj')],
        },
        spec: { template: template('report:1') },
      },
    ]),
    'namespaces/shop/pods.json': list([
      // The pods run web:2 as admitted, whatever the Deployment's template now says.
      podOf(
        'web-aaa-1',
        'p1',
        [owner('ReplicaSet', 'web-aaa', 'rs-new')],
        'node-a',
        '10.1.0.5',
        'web:2',
        '2026-01-02T00:00:00Z',
      ),
      podOf(
        'web-aaa-2',
        'p2',
        [owner('ReplicaSet', 'web-aaa', 'rs-new')],
        'node-b',
        '10.1.1.7',
        'web:2',
        '2026-01-01T00:00:00Z',
      ),
      podOf(
        'report-123-x',
        'p3',
        [owner('Job', 'report-123', 'job')],
        'node-a',
        '10.1.0.9',
        'report:1',
        '2026-01-01T00:00:00Z',
      ),
      podOf('bare', 'p4', [], 'node-a', '10.1.0.10', 'debug:1', '2026-01-01T00:00:00Z'),
      podOf(
        'etcd-node-a',
        'p5',
        [owner('Node', 'node-a', 'n-a')],
        'node-a',
        '10.0.0.1',
        'etcd:3',
        '2026-01-01T00:00:00Z',
      ),
      // Its ReplicaSet is not in the dump: the pods are still one workload, named by the owner reference.
      podOf(
        'api-zzz-1',
        'p6',
        [owner('ReplicaSet', 'api-zzz', 'rs-gone')],
        'node-a',
        '10.1.0.11',
        'api:1',
        '2026-01-01T00:00:00Z',
      ),
      podOf(
        'api-zzz-2',
        'p7',
        [owner('ReplicaSet', 'api-zzz', 'rs-gone')],
        'node-b',
        '10.1.1.12',
        'api:1',
        '2026-01-01T00:00:00Z',
      ),
    ]),
  };
}

test('in a live dump, pods are grouped under their top controller and their own specs are the truth', async () => {
  const inventory = await loadInventory([tempTree(liveDump())]);
  assert.deepEqual(inventory.errors, []);
  const summary = inventory.workloads.map((w) => ({
    id: w.id,
    image: w.template.containers[0]!.image,
    from: w.templateFrom,
    pods: w.pods.map((p) => `${p.name}@${p.nodeName}/${p.podIPs.join(',')}`),
    controller: w.object ? `${w.object.kind}/${w.object.name}` : undefined,
  }));
  assert.deepEqual(summary, [
    {
      id: 'Workload:shop/CronJob/report',
      image: 'report:1',
      from: 'pods',
      pods: ['report-123-x@node-a/10.1.0.9'],
      controller: 'CronJob/report',
    },
    {
      id: 'Workload:shop/Deployment/web',
      image: 'web:2',
      from: 'pods',
      pods: ['web-aaa-1@node-a/10.1.0.5', 'web-aaa-2@node-b/10.1.1.7'],
      controller: 'Deployment/web',
    },
    {
      id: 'Workload:shop/Pod/bare',
      image: 'debug:1',
      from: 'pods',
      pods: ['bare@node-a/10.1.0.10'],
      controller: 'Pod/bare',
    },
    {
      id: 'Workload:shop/Pod/etcd-node-a',
      image: 'etcd:3',
      from: 'pods',
      pods: ['etcd-node-a@node-a/10.0.0.1'],
      controller: 'Pod/etcd-node-a',
    },
    {
      id: 'Workload:shop/ReplicaSet/api-zzz',
      image: 'api:1',
      from: 'pods',
      pods: ['api-zzz-1@node-a/10.1.0.11', 'api-zzz-2@node-b/10.1.1.12'],
      controller: undefined,
    },
  ]);
  // The newest pod's spec stands for the workload.
  assert.equal(inventory.workloads[1]!.template.spec['nodeName'], 'node-a');
  const [node] = inventory.nodes;
  assert.equal(node!.name, 'node-a');
  assert.deepEqual(node!.labels, { 'kubernetes.io/hostname': 'node-a' });
  assert.deepEqual(node!.taints, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
  assert.deepEqual(node!.addresses, [{ type: 'InternalIP', address: '10.0.0.1' }]);
  assert.deepEqual(node!.podCIDRs, ['10.1.0.0/24']);
});

test('ownerReferences resolve by name when a dump carries no uids, and cycles do not hang', async () => {
  const cyclic = [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'a',
        namespace: 'x',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', controller: true }],
      },
      spec: { template: template('a:1') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'b',
        namespace: 'x',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', controller: true }],
      },
      spec: { template: template('b:1') },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'x',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', controller: true }],
      },
      spec: { containers: [{ name: 'c', image: 'p:1' }] },
    },
  ];
  const inventory = await loadInventory([tempTree({ 'x.json': list(cyclic) })]);
  assert.deepEqual(inventory.errors, []);
  const pods = inventory.workloads.flatMap((w) => w.pods.map((p) => `${w.id}:${p.name}`));
  assert.equal(pods.length, 1);
  assert.ok(inventory.workloads.every((w) => w.kind === 'ReplicaSet'));
});
