import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import { buildAttackGraph, defaultSources, defaultTargets } from '../../src/graph/index.js';
import { expandHops } from '../../src/graph/steps.js';
import { repoRoot } from '../helpers.js';

/** The edge table of examples/demo/README.md (row 21 is three techniques) and the worker's unreachable edge. */
const EXPECTED = `
Internet EXPOSED_ENDPOINT Endpoint:ingress-nginx/ingress-nginx-controller:80
Internet EXPOSED_ENDPOINT Endpoint:ingress-nginx/ingress-nginx-controller:443
Internet EXPOSED_ENDPOINT Endpoint:web/shop:80
Internet EXPOSED_ENDPOINT Endpoint:api/orders-api-public:443
Endpoint:ingress-nginx/ingress-nginx-controller:80 ENDPOINT_EXPLOIT Workload:ingress-nginx/Deployment/ingress-nginx-controller
Endpoint:ingress-nginx/ingress-nginx-controller:443 ENDPOINT_EXPLOIT Workload:ingress-nginx/Deployment/ingress-nginx-controller
Endpoint:web/shop:80 ENDPOINT_EXPLOIT Workload:web/Deployment/storefront
Endpoint:api/orders-api-public:443 ENDPOINT_EXPLOIT Workload:api/Deployment/orders-api
Workload:ingress-nginx/Deployment/ingress-nginx-controller NET_LATERAL Workload:web/Deployment/storefront
Workload:ingress-nginx/Deployment/ingress-nginx-controller IDENTITY_ASSUME ServiceAccount:ingress-nginx/ingress-nginx
Workload:web/Deployment/storefront NET_LATERAL Workload:ingress-nginx/Deployment/ingress-nginx-controller
Workload:web/Deployment/storefront NET_LATERAL Workload:api/Deployment/orders-api
Workload:web/Deployment/storefront NET_LATERAL Workload:ci-runner/Deployment/gitlab-runner
Workload:web/Deployment/storefront NET_LATERAL Workload:monitoring/DaemonSet/fluent-bit
Workload:api/Deployment/orders-api IDENTITY_ASSUME ServiceAccount:api/orders-api
Workload:api/Deployment/orders-api IRSA_ASSUME_ROLE CloudIdentity:aws:arn:aws:iam::111122223333:role/shop-orders-api
Workload:api/Deployment/orders-api NET_LATERAL Workload:data/StatefulSet/postgres
Workload:ci-runner/Deployment/gitlab-runner IDENTITY_ASSUME ServiceAccount:ci-runner/gitlab-runner
Workload:ci-runner/Deployment/gitlab-runner NET_LATERAL Workload:ingress-nginx/Deployment/ingress-nginx-controller
Workload:ci-runner/Deployment/gitlab-runner NET_LATERAL Workload:api/Deployment/orders-api
Workload:ci-runner/Deployment/gitlab-runner NET_LATERAL Workload:monitoring/DaemonSet/fluent-bit
Workload:monitoring/DaemonSet/fluent-bit CE_PRIV_MOUNT Node:*
Workload:monitoring/DaemonSet/fluent-bit CE_MODULE_LOAD Node:*
Workload:monitoring/DaemonSet/fluent-bit EXPLOIT_HOST_WRITE Node:*
Workload:monitoring/DaemonSet/fluent-bit IDENTITY_ASSUME ServiceAccount:monitoring/fluent-bit
ServiceAccount:api/orders-api IRSA_ASSUME_ROLE CloudIdentity:aws:arn:aws:iam::111122223333:role/shop-orders-api
ServiceAccount:ci-runner/gitlab-runner ROLE_BIND ClusterAdmin
ServiceAccount:ci-runner/gitlab-runner POD_CREATE Node:*
Node:* TOKEN_STEAL ServiceAccount:ingress-nginx/ingress-nginx
Node:* TOKEN_STEAL ServiceAccount:api/orders-api
Node:* TOKEN_STEAL ServiceAccount:ci-runner/gitlab-runner
Node:* TOKEN_STEAL ServiceAccount:monitoring/fluent-bit
ServiceAccount:ci-runner/gitlab-runner POD_EXEC Workload:ci-runner/Deployment/gitlab-runner
ServiceAccount:ci-runner/gitlab-runner POD_ATTACH Workload:ci-runner/Deployment/gitlab-runner
Workload:worker/Deployment/order-worker NET_LATERAL Workload:data/StatefulSet/postgres
`
  .trim()
  .split('\n')
  .sort();

const demo = async () =>
  expandHops(buildAttackGraph(await loadInventory([path.join(repoRoot, 'examples/demo')]), { defaultRbac: true }));

/** Edges among the demo's own objects (the API server's default identities are left out). */
const implied = /^(User:system:|Group:system:|ServiceAccount:kube-system\/)/;

test('demo: exactly the edges the README documents', async () => {
  const graph = await demo();
  const got = graph.edges
    .filter((e) => !implied.test(e.from))
    .map((e) => `${e.from} ${e.technique} ${e.to}`)
    .sort();
  assert.deepEqual(got, EXPECTED);
});

test("demo: the graph numbers every node once and names each edge's ends by number", async () => {
  const graph = buildAttackGraph(await loadInventory([path.join(repoRoot, 'examples/demo')]), { defaultRbac: true });
  const { ids, numbers, from, to } = graph.numbering();
  assert.deepEqual([...ids], [...graph.nodes.keys()]);
  ids.forEach((id, i) => assert.equal(numbers.get(id), i));
  assert.deepEqual(
    graph.edges.map((e) => [e.from, e.to]),
    graph.edges.map((_, e) => [ids[from[e]!], ids[to[e]!]]),
  );
});

test('demo: the three main paths exist as edge sequences', async () => {
  const graph = await demo();
  const paths = [
    'Internet EXPOSED_ENDPOINT Endpoint:web/shop:80 ENDPOINT_EXPLOIT Workload:web/Deployment/storefront NET_LATERAL Workload:ci-runner/Deployment/gitlab-runner IDENTITY_ASSUME ServiceAccount:ci-runner/gitlab-runner ROLE_BIND ClusterAdmin',
    'Internet EXPOSED_ENDPOINT Endpoint:web/shop:80 ENDPOINT_EXPLOIT Workload:web/Deployment/storefront NET_LATERAL Workload:monitoring/DaemonSet/fluent-bit CE_PRIV_MOUNT Node:*',
    'Internet EXPOSED_ENDPOINT Endpoint:api/orders-api-public:443 ENDPOINT_EXPLOIT Workload:api/Deployment/orders-api IDENTITY_ASSUME ServiceAccount:api/orders-api IRSA_ASSUME_ROLE CloudIdentity:aws:arn:aws:iam::111122223333:role/shop-orders-api',
  ];
  for (const p of paths) {
    const parts = p.split(' ');
    for (let i = 0; i + 2 < parts.length; i += 2) {
      const [from, technique, to] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
      assert.ok(
        graph.out(from).some((e) => e.technique === technique && e.to === to),
        `${from} -${technique}-> ${to}`,
      );
    }
  }
});

test('demo: fixes are concrete and shared between edges', async () => {
  const graph = await demo();
  const lateral = graph.edges.filter((e) => e.technique === 'NET_LATERAL' && e.from.includes('storefront'));
  const egress = lateral.map((e) => e.fixes.find((f) => f.action === 'create' && f.id.includes('egress'))!.id);
  assert.equal(new Set(egress).size, 1);
  const fix = lateral[0]!.fixes.find((f) => f.action === 'create')!;
  assert.equal((fix.patch as { kind: string }).kind, 'NetworkPolicy');
  const irsa = graph.edges.find((e) => e.technique === 'IRSA_ASSUME_ROLE')!;
  assert.deepEqual(irsa.fixes[0]!.patch, { metadata: { annotations: { 'eks.amazonaws.com/role-arn': null } } });
  const bind = graph.edges.find((e) => e.technique === 'ROLE_BIND' && e.from.startsWith('ServiceAccount:ci-runner'))!;
  assert.equal(bind.fixes[0]!.action, 'delete');
  assert.equal(bind.fixes[0]!.object?.name, 'gitlab-runner-rbac-installer');
});

test('demo: default targets and sources', async () => {
  const graph = await demo();
  const targets = defaultTargets(graph);
  assert.ok(targets.includes('ClusterAdmin'));
  assert.ok(targets.includes('Node:*'));
  assert.ok(targets.includes('CloudIdentity:aws:arn:aws:iam::111122223333:role/shop-orders-api'));
  assert.deepEqual(defaultSources(graph), ['Internet']);
  assert.deepEqual(defaultSources(graph, { from: ['Workload:web/Deployment/storefront', 'nope'] }), [
    'Workload:web/Deployment/storefront',
  ]);
});
