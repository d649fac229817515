import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIp } from '../../src/network/ip.js';
import { connectivityLines, renderMap } from '../../src/network/map.js';
import { Reachability } from '../../src/network/reachability.js';
import { inventoryFrom, namespace, node, pod } from './helpers.js';

/** Builds a cluster and answers "what may a open to b" (pod refs ns/name, or IPs) as text. */
async function cluster(objects: object[], options: { ipBlockMatchesPods?: boolean } = {}) {
  const reach = new Reachability(await inventoryFrom(objects), options);
  const engine = reach.engine;
  const ep = (ref: string) => {
    const [ns, name] = ref.split('/');
    const found = engine.endpoints.endpoints.find(
      (e) => e.namespace === ns && (e.pod ?? reach.workloads[e.workload]!.name) === name,
    );
    assert.ok(found, `no endpoint ${ref}`);
    return found.index;
  };
  return {
    reach,
    conn(a: string, b: string): string {
      const ipA = parseIp(a);
      const ipB = parseIp(b);
      if (ipA !== undefined) return engine.conns.get(engine.ipToEndpoint(ipA, ep(b))).toString();
      if (ipB !== undefined) return engine.conns.get(engine.endpointToIp(ep(a), ipB)).toString();
      return engine.conns.get(engine.endpointConn(ep(a), ep(b))).toString();
    },
  };
}

const np = (ns: string, name: string, spec: object) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec,
});

const base = [
  namespace('a', { team: 'x' }),
  namespace('b', { team: 'y' }),
  pod({
    namespace: 'a',
    name: 'web',
    labels: { app: 'web' },
    ip: '10.0.0.1',
    node: 'n1',
    ports: [{ name: 'http', port: 8080 }],
  }),
  pod({
    namespace: 'a',
    name: 'db',
    labels: { app: 'db' },
    ip: '10.0.0.2',
    node: 'n1',
    ports: [{ name: 'http', port: 9090 }],
  }),
  pod({ namespace: 'b', name: 'client', labels: { app: 'client' }, ip: '10.0.1.1', node: 'n2' }),
];

test('policyTypes defaulting: egress rules without policyTypes isolate ingress too; egress: [] does not isolate egress', async () => {
  const c = await cluster([
    ...base,
    np('a', 'egress-only', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ podSelector: {} }] }] }),
    np('a', 'empty-egress', { podSelector: { matchLabels: { app: 'db' } }, egress: [] }),
  ]);
  assert.equal(c.conn('b/client', 'a/web'), 'No Connections', 'ingress isolated by defaulting');
  assert.equal(c.conn('a/web', 'a/db'), 'No Connections', 'db is ingress-isolated too');
  assert.equal(c.conn('a/web', 'b/client'), 'No Connections', 'web egress only to its own namespace');
  assert.equal(c.conn('a/db', 'b/client'), 'All Connections', 'egress: [] without policyTypes adds no Egress');
});

test('ports: protocol defaults to TCP, a port-less entry is every port of its protocol, endPort is inclusive', async () => {
  const c = await cluster([
    ...base,
    np('a', 'ports', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ ports: [{}, { protocol: 'UDP', port: 53 }, { protocol: 'SCTP', port: 3000, endPort: 3002 }] }],
    }),
  ]);
  assert.equal(c.conn('b/client', 'a/db'), 'SCTP 3000-3002,TCP 1-65535,UDP 53');
});

test('named ports resolve on the destination pod: ingress on the protected pod, egress on the peer; never on an IP', async () => {
  const c = await cluster([
    ...base,
    np('a', 'in', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] }),
    np('b', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }),
  ]);
  assert.equal(c.conn('b/client', 'a/web'), 'TCP 8080');
  assert.equal(c.conn('b/client', 'a/db'), 'TCP 9090');
  assert.equal(c.conn('b/client', '8.8.8.8'), 'No Connections');
  // The entry's protocol (TCP by default) must be the container port's.
  const udp = await cluster([
    ...base,
    np('a', 'in', { podSelector: {}, ingress: [{ ports: [{ port: 'http', protocol: 'UDP' }] }] }),
  ]);
  assert.equal(udp.conn('b/client', 'a/web'), 'No Connections');
});

test('equivalence classes form on what selectors read: per-pod unique labels do not split a workload', async () => {
  const pods = Array.from({ length: 40 }, (_, i) =>
    pod({
      namespace: 'a',
      name: `web-${i}`,
      labels: {
        app: i < 20 ? 'web' : 'api',
        'pod-template-hash': `h${i}`,
        'build-id': `b${i}`,
        'statefulset.kubernetes.io/pod-name': `web-${i}`,
      },
      ip: `10.0.2.${i + 1}`,
      owner: { kind: 'ReplicaSet', name: i < 20 ? 'web' : 'api' },
    }),
  );
  const c = await cluster([
    namespace('a'),
    ...pods,
    np('a', 'web', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }],
    }),
  ]);
  const podClasses = c.reach.engine.classes.filter((k) => k.kind === 'pod');
  assert.equal(podClasses.length, 2);
  assert.deepEqual([...c.reach.engine.policies.podKeys], ['app']);
});

test('ipBlock with except; matching pod IPs is a setting; node and external addresses always match', async () => {
  const objects = [
    ...base,
    np('a', 'from-block', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/24'] } }] }],
    }),
  ];
  const on = await cluster(objects, { ipBlockMatchesPods: true });
  const off = await cluster(objects, { ipBlockMatchesPods: false });
  assert.equal(on.conn('b/client', 'a/db'), 'All Connections', '10.0.1.1 is in the block');
  assert.equal(on.conn('a/web', 'a/db'), 'No Connections', '10.0.0.1 is excepted');
  assert.equal(off.conn('b/client', 'a/db'), 'No Connections', 'the block does not match pod IPs');
  assert.equal(on.conn('10.0.2.7', 'a/db'), 'All Connections');
  assert.equal(off.conn('10.0.2.7', 'a/db'), 'All Connections');
  assert.equal(on.conn('10.0.0.7', 'a/db'), 'No Connections');
});

test('host-network pods are node traffic: never selected, matched by ipBlocks on node addresses, always reach their node', async () => {
  const objects = [
    ...base,
    node('n1', {}, [{ type: 'InternalIP', address: '192.168.0.1' }]),
    node('n2', {}, [{ type: 'InternalIP', address: '192.168.0.2' }]),
    pod({ namespace: 'b', name: 'agent', labels: { app: 'agent' }, ip: '192.168.0.2', node: 'n2', hostNetwork: true }),
    np('a', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    np('b', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    np('a', 'from-nodes', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/24' } }], ports: [{ port: 9100 }] }],
    }),
  ];
  const c = await cluster(objects);
  assert.equal(c.conn('b/agent', 'a/web'), 'No Connections', 'another node, no rule');
  assert.equal(c.conn('b/agent', 'a/db'), 'TCP 9100', 'from a node address');
  assert.equal(c.conn('b/agent', 'b/client'), 'All Connections', 'same node: always allowed');
  assert.equal(c.conn('b/client', 'b/agent'), 'All Connections', 'to its own node');
  assert.equal(
    c.conn('a/web', 'b/agent'),
    'No Connections',
    'egress of web is denied; the agent is no pod a selector picks',
  );
  assert.equal(c.conn('8.8.8.8', 'b/agent'), 'All Connections', 'nothing applies to host-network pods');
  // A pod and its own node's address: always allowed, even where policies deny the rest of the range.
  assert.equal(c.conn('192.168.0.1', 'a/web'), 'All Connections');
  assert.equal(c.conn('192.168.0.2', 'a/web'), 'No Connections');
  assert.equal(c.conn('a/web', '192.168.0.1'), 'All Connections');
  const lines = renderMap(connectivityLines(c.reach, { by: 'pod' }), 'txt').split('\n');
  assert.ok(lines.includes('192.168.0.1-192.168.0.1 => a/web[Pod] : All Connections'));
  assert.ok(!lines.some((l) => l.endsWith('=> a/web[Pod] : All Connections') && l.startsWith('0.0.0.0')));
});

test('a pod always reaches itself; the map never lists a workload with itself', async () => {
  const c = await cluster([...base, np('a', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]);
  assert.equal(c.conn('a/web', 'a/web'), 'All Connections');
  const pairs: string[] = [];
  c.reach.forEachWorkloadPair((w1, w2) => pairs.push(`${w1}>${w2}`));
  assert.ok(pairs.every((p) => p.split('>')[0] !== p.split('>')[1]));
});

const anp = (name: string, priority: number, spec: object) => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name },
  spec: { priority, ...spec },
});

test('admin tiers: priority order, first match, Pass to NetworkPolicy, then baseline; networks match pod IPs', async () => {
  const c = await cluster([
    ...base,
    anp('pass-db', 10, {
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } },
      ingress: [
        {
          action: 'Pass',
          from: [{ namespaces: { matchLabels: { team: 'y' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }],
        },
      ],
    }),
    anp('deny-y', 20, {
      subject: { namespaces: { matchLabels: { team: 'x' } } },
      ingress: [
        {
          action: 'Allow',
          from: [{ namespaces: { matchLabels: { team: 'y' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 443 } }],
        },
        { action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'y' } } }] },
      ],
      egress: [{ action: 'Deny', to: [{ networks: ['10.0.1.0/24'] }] }],
    }),
    np('a', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 5432 }] }] }),
    {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] },
    },
  ]);
  // db: 5432 passes to the NetworkPolicy tier (which allows it); 443 is allowed by the admin tier; the rest denied.
  assert.equal(c.conn('b/client', 'a/db'), 'TCP 443,5432');
  assert.equal(c.conn('b/client', 'a/web'), 'TCP 443');
  assert.equal(c.conn('a/web', 'b/client'), 'No Connections', 'networks peers match pod IPs');
  // Inside namespace a: nothing in the admin tier matches, web has no NetworkPolicy, the baseline denies.
  assert.equal(c.conn('a/db', 'a/web'), 'No Connections');
  assert.equal(c.conn('a/web', 'a/db'), 'TCP 5432', 'db is selected by a NetworkPolicy: the baseline does not apply');
});

test('admin rules the API server would reject fail closed: Allow matches nothing, Deny and Pass deny all', async () => {
  const c = await cluster([
    ...base,
    anp('bad-allow', 1, {
      subject: { namespaces: { matchLabels: { team: 'x' } } },
      ingress: [{ action: 'Allow', from: [{ nonsense: {} }] }],
    }),
    anp('bad-pass', 2, {
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } },
      ingress: [{ action: 'Pass', from: [{ namespaces: { matchExpressions: [{ key: 'k', operator: 'Bogus' }] } }] }],
    }),
  ]);
  assert.equal(c.conn('b/client', 'a/web'), 'All Connections');
  assert.equal(c.conn('b/client', 'a/db'), 'No Connections');
  const messages = c.reach.engine.policies.issues.map((i) => i.message);
  assert.equal(messages.length, 2);
  assert.match(messages[0]!, /matches nothing/);
  assert.match(messages[1]!, /denies all/);
});
