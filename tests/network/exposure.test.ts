import { test } from 'node:test';
import assert from 'node:assert/strict';
import { internetExposure, type Exposure } from '../../src/network/exposure.js';
import { describePath } from '../../src/network/findings.js';
import { Reachability } from '../../src/network/reachability.js';
import { inventoryFrom, namespace, node, pod } from './helpers.js';

async function exposure(objects: object[], nodesPublic: 'auto' | boolean = 'auto'): Promise<Map<string, Exposure>> {
  const reach = new Reachability(await inventoryFrom(objects));
  return new Map(internetExposure(reach, { nodesPublic }).map((e) => [e.workload.replace(/^Workload:/, ''), e]));
}

const svc = (ns: string, name: string, spec: object, annotations: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, annotations },
  spec,
});
const np = (ns: string, name: string, spec: object) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec,
});
const publicNode = node('edge-1', {}, [
  { type: 'InternalIP', address: '10.1.0.1' },
  { type: 'ExternalIP', address: '203.0.113.10' },
]);
const privateNode = node('n1', {}, [{ type: 'InternalIP', address: '10.1.0.2' }]);

const shop = [
  namespace('shop'),
  pod({
    namespace: 'shop',
    name: 'web-1',
    labels: { app: 'web' },
    ip: '10.64.0.10',
    node: 'n1',
    ports: [{ name: 'http', port: 8080 }],
    owner: { kind: 'ReplicaSet', name: 'web-abc' },
  }),
  pod({
    namespace: 'shop',
    name: 'db-0',
    labels: { app: 'db' },
    ip: '10.64.0.20',
    node: 'n1',
    ports: [{ name: 'pg', port: 5432 }],
    owner: { kind: 'StatefulSet', name: 'db' },
  }),
];

test('LoadBalancer: the Internet reaches the target port, narrowed by loadBalancerSourceRanges; internal ones do not count', async () => {
  const map = await exposure([
    ...shop,
    privateNode,
    svc('shop', 'web', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
    svc('shop', 'web-partners', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      ports: [{ port: 443, targetPort: 8080 }],
    }),
    svc(
      'shop',
      'db',
      { type: 'LoadBalancer', selector: { app: 'db' }, ports: [{ port: 5432 }] },
      {
        'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
      },
    ),
  ]);
  const web = map.get('shop/ReplicaSet/web-abc')!;
  assert.equal(web.conns.toString(), 'TCP 8080');
  assert.deepEqual(
    web.paths.map((p) => [p.entry, p.object.name, p.port, p.sources]),
    [
      ['LoadBalancer', 'web', 80, 'Internet'],
      ['LoadBalancer', 'web-partners', 443, '203.0.113.0-203.0.113.255'],
    ],
  );
  assert.equal(map.has('shop/StatefulSet/db'), false, 'an internal load balancer is not an Internet entry');
});

test('a NetworkPolicy on the backend decides the first hop; with externalTrafficPolicy Cluster the node address counts', async () => {
  const allowNodes = np('shop', 'web', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }],
  });
  const objects = [...shop, privateNode, allowNodes];
  const lb = (policy: string) =>
    svc('shop', 'web', {
      type: 'LoadBalancer',
      externalTrafficPolicy: policy,
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080 }],
    });
  assert.equal((await exposure([...objects, lb('Local')])).size, 0, 'client addresses are kept and not admitted');
  const cluster = await exposure([...objects, lb('Cluster')]);
  assert.equal(cluster.get('shop/ReplicaSet/web-abc')?.conns.toString(), 'TCP 8080', 'the node rewrites the source');
});

test('NodePort, externalIPs and host ports need a reachable node or a public address', async () => {
  const objects = [
    ...shop,
    svc('shop', 'web-np', {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
    }),
    svc('shop', 'db-vip', { selector: { app: 'db' }, externalIPs: ['10.9.9.9'], ports: [{ port: 5432 }] }),
    pod({
      namespace: 'shop',
      name: 'agent',
      labels: { app: 'agent' },
      ip: '10.64.0.30',
      node: 'n1',
      ports: [{ port: 9000, hostPort: 19000 }],
    }),
  ];
  const privateOnly = await exposure([...objects, privateNode]);
  assert.equal(privateOnly.size, 0, 'private nodes and a private external IP are not reachable');
  const withEdge = await exposure([...objects, privateNode, publicNode]);
  assert.deepEqual([...withEdge.keys()].sort(), ['shop/Pod/agent', 'shop/ReplicaSet/web-abc']);
  assert.equal(withEdge.get('shop/ReplicaSet/web-abc')!.paths[0]!.port, 30080);
  assert.equal(withEdge.get('shop/Pod/agent')!.paths[0]!.entry, 'HostPort');
  const publicVip = await exposure([
    ...objects,
    privateNode,
    svc('shop', 'db-pub', { selector: { app: 'db' }, externalIPs: ['198.51.100.7'], ports: [{ port: 5432 }] }),
  ]);
  assert.equal(publicVip.get('shop/StatefulSet/db')?.paths[0]?.entry, 'ExternalIP');
  const noNodes = await exposure(objects);
  assert.deepEqual(noNodes.get('shop/ReplicaSet/web-abc')!.paths[0]!.assumptions, [
    'node addresses are reachable from the Internet (the input has no Nodes)',
  ]);
});

const nginx = [
  namespace('ingress-nginx'),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
    spec: { controller: 'k8s.io/ingress-nginx' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      template: {
        metadata: {
          labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
        },
        spec: {
          containers: [
            {
              name: 'controller',
              image: 'registry.k8s.io/ingress-nginx/controller:v1.10.1',
              args: ['/nginx-ingress-controller', '--controller-class=k8s.io/ingress-nginx'],
              ports: [
                { name: 'http', containerPort: 80 },
                { name: 'https', containerPort: 443 },
              ],
            },
          ],
        },
      },
    },
  },
  svc('ingress-nginx', 'ingress-nginx-controller', {
    type: 'LoadBalancer',
    selector: { 'app.kubernetes.io/name': 'ingress-nginx' },
    ports: [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'https', port: 443, targetPort: 'https' },
    ],
  }),
];
const shopIngress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }],
        },
      },
    ],
  },
};
const webService = svc('shop', 'web', {
  selector: { app: 'web' },
  ports: [{ name: 'http', port: 80, targetPort: 'http' }],
});

test('Ingress: Internet → controller load balancer → controller pods → backend, each hop under its policies', async () => {
  const open = await exposure([...shop, ...nginx, shopIngress, webService]);
  const web = open.get('shop/ReplicaSet/web-abc')!;
  assert.equal(web.conns.toString(), 'TCP 8080');
  const path = web.paths[0]!;
  assert.deepEqual(
    [path.entry, path.tls, path.hosts, path.via],
    ['Ingress', true, ['shop.example.com'], ['Workload:ingress-nginx/Deployment/ingress-nginx-controller']],
  );
  assert.equal(
    describePath(path),
    'Ingress shop/web port 443, host shop.example.com, TLS, through ingress-nginx/Deployment/ingress-nginx-controller (TCP 8080)',
  );
  assert.equal(open.get('ingress-nginx/Deployment/ingress-nginx-controller')!.conns.toString(), 'TCP 80,443');

  // The backend admits only its own namespace: the controller's hop is refused.
  const sameNamespace = np('shop', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
  assert.equal(
    (await exposure([...shop, ...nginx, shopIngress, webService, sameNamespace])).has('shop/ReplicaSet/web-abc'),
    false,
  );

  // Admitting the controller's namespace reopens it; denying the controller's egress closes it again.
  const fromNginx = np('shop', 'from-nginx', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
  });
  assert.equal(
    (await exposure([...shop, ...nginx, shopIngress, webService, sameNamespace, fromNginx])).has(
      'shop/ReplicaSet/web-abc',
    ),
    true,
  );
  const noEgress = np('ingress-nginx', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
  assert.equal(
    (await exposure([...shop, ...nginx, shopIngress, webService, sameNamespace, fromNginx, noEgress])).has(
      'shop/ReplicaSet/web-abc',
    ),
    false,
  );
  // A controller that is not itself reachable from the Internet exposes nothing.
  const internalController = nginx.map((o) =>
    (o as { kind?: string }).kind === 'Service'
      ? svc('ingress-nginx', 'ingress-nginx-controller', {
          selector: { 'app.kubernetes.io/name': 'ingress-nginx' },
          ports: [{ port: 80 }],
        })
      : o,
  );
  assert.equal((await exposure([...shop, ...internalController, shopIngress, webService])).size, 0);
});

test('Ingress without controller pods in the input: any pod may be the controller; cloud controllers reach pods directly', async () => {
  const alone = await exposure([...shop, shopIngress, webService]);
  assert.equal(alone.get('shop/ReplicaSet/web-abc')!.paths[0]!.via, 'unknown');
  const deny = np('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  assert.equal((await exposure([...shop, shopIngress, webService, deny])).size, 0, 'no pod at all may reach it');
  const alb = {
    ...shopIngress,
    metadata: { name: 'web', namespace: 'shop', annotations: { 'kubernetes.io/ingress.class': 'alb' } },
  };
  const cloud = await exposure([...shop, alb, webService]);
  assert.equal(cloud.get('shop/ReplicaSet/web-abc')!.paths[0]!.via, 'cloud');
});

test('Gateway API: listeners, allowedRoutes, cross-namespace backends need a ReferenceGrant', async () => {
  const gw = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'gw' },
    spec: {
      gatewayClassName: 'envoy',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'same', port: 8080, protocol: 'HTTP' },
      ],
    },
    status: { addresses: [{ type: 'IPAddress', value: '198.51.100.20' }] },
  };
  const route = (name: string, ns: string, section: string, backendNs?: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gw', sectionName: section }],
      hostnames: ['shop.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 80, ...(backendNs ? { namespace: backendNs } : {}) }] }],
    },
  });
  const base = [...shop, namespace('gw'), webService, gw];
  const ok = await exposure([...base, route('web', 'shop', 'http')]);
  const path = ok.get('shop/ReplicaSet/web-abc')!.paths[0]!;
  assert.deepEqual([path.entry, path.port, path.route?.name, path.via], ['Gateway', 80, 'web', 'unknown']);
  assert.equal(
    (await exposure([...base, route('web', 'shop', 'same')])).size,
    0,
    'listener allows routes from its namespace only',
  );
  assert.equal(
    (await exposure([...base, namespace('apps'), route('x', 'apps', 'http', 'shop')])).size,
    0,
    'no ReferenceGrant',
  );
  const grant = {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'from-apps', namespace: 'shop' },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'apps' }],
      to: [{ group: '', kind: 'Service' }],
    },
  };
  assert.equal((await exposure([...base, namespace('apps'), route('x', 'apps', 'http', 'shop'), grant])).size, 1);
  const internal = { ...gw, status: { addresses: [{ type: 'IPAddress', value: '10.96.0.50' }] } };
  assert.equal(
    (await exposure([...shop, namespace('gw'), webService, internal, route('web', 'shop', 'http')])).size,
    0,
  );
});
