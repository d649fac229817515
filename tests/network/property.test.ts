import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIp } from '../../src/network/ip.js';
import { ConnSet, ConnTable } from '../../src/network/ports.js';
import type { TraceStep } from '../../src/network/engine.js';
import { decideClassDirection, explainClassDirection } from '../../src/network/explain.js';
import { classDirectionRequirement, directionRequirement } from '../../src/graph/techniques/net-fixes.js';
import { Reachability } from '../../src/network/reachability.js';
import { inventoryFrom, namespace, node, pod } from './helpers.js';
import { Reference, type Proto, type RefCluster, type RefPod, type RefPolicy } from './reference.js';

const NAMESPACES = ['ns-a', 'ns-b', 'ns-c'];
const NODES = [
  { name: 'n1', labels: { zone: 'a' }, ips: ['192.168.0.1'] },
  { name: 'n2', labels: { zone: 'b' }, ips: ['192.168.0.2'] },
];
const PORT_NAMES = ['http', 'dns', 'metrics'];
const CIDRS = [
  '10.0.0.0/8',
  '10.0.0.0/28',
  '10.0.0.4/30',
  '10.0.0.1/32',
  '0.0.0.0/0',
  '192.168.0.0/16',
  '192.168.0.2/32',
];
const EXTERNAL_IPS = [
  '10.0.0.1',
  '10.0.0.5',
  '10.0.0.9',
  '10.0.1.1',
  '192.168.0.1',
  '192.168.0.2',
  '8.8.8.8',
  '172.16.0.1',
];
const PROTOS: Proto[] = ['TCP', 'UDP', 'SCTP'];

type Sel = Record<string, unknown>;

function selector(pool: Record<string, string[]>): fc.Arbitrary<Sel> {
  const keys = Object.keys(pool);
  const expression = fc.constantFrom(...keys).chain((key) =>
    fc.oneof(
      fc.record({
        key: fc.constant(key),
        operator: fc.constantFrom('In', 'NotIn'),
        values: fc.uniqueArray(fc.constantFrom(...pool[key]!), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ key: fc.constant(key), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
    ),
  );
  const matchLabels = fc
    .subarray(keys, { maxLength: Math.min(2, keys.length) })
    .chain((ks) => fc.tuple(...ks.map((k) => fc.constantFrom(...pool[k]!).map((v) => [k, v] as const))))
    .map((entries) => Object.fromEntries(entries));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.record(
        { matchLabels, matchExpressions: fc.array(expression, { maxLength: 2 }) },
        { requiredKeys: [] },
      ),
    },
  );
}

const POD_POOL = { app: ['web', 'db'], tier: ['f', 'b'] };
const NS_POOL = { team: ['x', 'y'], 'kubernetes.io/metadata.name': NAMESPACES };
const NODE_POOL = { zone: ['a', 'b'] };
const podSelector = selector(POD_POOL);
const nsSelector = selector(NS_POOL);

const labelsArb = fc.record(
  { app: fc.constantFrom('web', 'db'), tier: fc.constantFrom('f', 'b'), extra: fc.constantFrom('1', '2', '3') },
  { requiredKeys: [] },
);

const portArb = fc.record({
  name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined }),
  port: fc.constantFrom(53, 80, 81, 443, 8080),
  protocol: fc.constantFrom<Proto>('TCP', 'UDP', 'SCTP'),
});

interface GenPod {
  ns: number;
  labels: Record<string, string>;
  hasIp: boolean;
  host: boolean;
  node: number | undefined;
  ports: { name?: string; port: number; protocol: Proto }[];
  owner: number | undefined;
}

const podArb: fc.Arbitrary<GenPod> = fc.record({
  ns: fc.nat(2),
  labels: labelsArb,
  hasIp: fc.boolean(),
  host: fc.nat(4).map((x) => x === 0),
  node: fc.option(fc.nat(1), { nil: undefined }),
  ports: fc.uniqueArray(portArb, { maxLength: 3, selector: (p) => p.name ?? `${p.port}/${p.protocol}` }),
  owner: fc.option(fc.nat(1), { nil: undefined }),
});

const npPortArb = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }, { requiredKeys: [] }),
  fc.record({
    protocol: fc.option(fc.constantFrom('TCP', 'UDP', 'SCTP'), { nil: undefined }),
    port: fc.constantFrom(53, 80, 443),
  }),
  fc.record({
    protocol: fc.constantFrom('TCP', 'UDP'),
    port: fc.constantFrom(80, 8000),
    endPort: fc.constantFrom(81, 8080),
  }),
  fc.record({
    protocol: fc.option(fc.constantFrom('TCP', 'UDP'), { nil: undefined }),
    port: fc.constantFrom(...PORT_NAMES),
  }),
);

const ipBlockArb = fc
  .tuple(fc.constantFrom(...CIDRS), fc.subarray(CIDRS, { maxLength: 2 }))
  .map(([cidr, except]) => ({ cidr, except: except.filter((e) => e !== cidr && contains(cidr, e)) }))
  .map((b) => (b.except.length > 0 ? b : { cidr: b.cidr }));

function contains(outer: string, inner: string): boolean {
  const [ob, obits] = outer.split('/');
  const [ib, ibits] = inner.split('/');
  if (Number(ibits) < Number(obits)) return false;
  const shift = 32n - BigInt(Number(obits));
  return parseIp(ob!)! >> shift === parseIp(ib!)! >> shift;
}

const npPeerArb = fc.oneof(
  fc.record({ podSelector }),
  fc.record({ namespaceSelector: nsSelector }),
  fc.record({ podSelector, namespaceSelector: nsSelector }),
  fc.record({ ipBlock: ipBlockArb }),
);

const npRuleArb = (dir: 'ingress' | 'egress') =>
  fc.record(
    {
      [dir === 'ingress' ? 'from' : 'to']: fc.array(npPeerArb, { maxLength: 2 }),
      ports: fc.array(npPortArb, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

const networkPolicyArb = fc.record(
  {
    ns: fc.nat(2),
    podSelector,
    policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 }), { nil: undefined }),
    ingress: fc.option(fc.array(npRuleArb('ingress'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(npRuleArb('egress'), { maxLength: 2 }), { nil: undefined }),
  },
  { requiredKeys: ['ns', 'podSelector'] },
);

const adminSubjectArb = fc.oneof(
  fc.record({ namespaces: nsSelector }),
  fc.record({ pods: fc.record({ namespaceSelector: nsSelector, podSelector }) }),
);

const adminPeerArb = (dir: 'ingress' | 'egress') =>
  dir === 'ingress'
    ? adminSubjectArb
    : fc.oneof(
        adminSubjectArb,
        fc.record({ networks: fc.subarray(CIDRS, { minLength: 1, maxLength: 2 }) }),
        fc.record({ nodes: selector(NODE_POOL) }),
      );

const v1PortArb = fc.oneof(
  fc.record({
    portNumber: fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 443) }),
  }),
  fc.record({
    portRange: fc.record({
      protocol: fc.constantFrom('TCP', 'UDP'),
      start: fc.constant(80),
      end: fc.constantFrom(81, 8080),
    }),
  }),
  fc.record({ namedPort: fc.constantFrom(...PORT_NAMES) }),
);

const v2ProtocolArb = fc.oneof(
  fc
    .constantFrom('tcp', 'udp', 'sctp')
    .chain((p) =>
      fc.oneof(
        fc.constant({ [p]: { destinationPort: { number: 80 } } }),
        fc.constant({ [p]: { destinationPort: { number: 53 } } }),
        fc.constant({ [p]: { destinationPort: { range: { start: 80, end: 8080 } } } }),
      ),
    ),
  fc.record({ destinationNamedPort: fc.constantFrom(...PORT_NAMES) }),
);

function adminRuleArb(dir: 'ingress' | 'egress', version: 'v1alpha1' | 'v1alpha2', baseline: boolean) {
  const actions =
    version === 'v1alpha1' ? (baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass']) : ['Accept', 'Deny', 'Pass'];
  const portsKey = version === 'v1alpha1' ? 'ports' : 'protocols';
  return fc.record(
    {
      action: fc.constantFrom(...actions),
      [dir === 'ingress' ? 'from' : 'to']: fc.array(adminPeerArb(dir), { minLength: 1, maxLength: 2 }),
      [portsKey]:
        version === 'v1alpha1'
          ? fc.array(v1PortArb, { minLength: 1, maxLength: 2 })
          : fc.array(v2ProtocolArb, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['action', dir === 'ingress' ? 'from' : 'to'] },
  );
}

const adminPolicyArb = fc.constantFrom('ANP', 'BANP', 'CNP-Admin', 'CNP-Baseline').chain((flavour) => {
  const version = flavour.startsWith('CNP') ? 'v1alpha2' : 'v1alpha1';
  const baseline = flavour === 'BANP' || flavour === 'CNP-Baseline';
  return fc.record({
    flavour: fc.constant(flavour),
    subject: adminSubjectArb,
    ingress: fc.array(adminRuleArb('ingress', version, baseline), { maxLength: 2 }),
    egress: fc.array(adminRuleArb('egress', version, baseline), { maxLength: 2 }),
  });
});

const clusterArb = fc.record({
  nsLabels: fc.array(fc.record({ team: fc.constantFrom('x', 'y') }, { requiredKeys: [] }), {
    minLength: 3,
    maxLength: 3,
  }),
  pods: fc.array(podArb, { minLength: 1, maxLength: 6 }),
  networkPolicies: fc.array(networkPolicyArb, { maxLength: 4 }),
  adminPolicies: fc.array(adminPolicyArb, { maxLength: 3 }),
  ipBlockMatchesPods: fc.boolean(),
});

type GenCluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function materialise(gen: GenCluster): { objects: object[]; ref: RefCluster } {
  const namespaces = NAMESPACES.map((name, i) => ({ name, labels: gen.nsLabels[i] as Record<string, string> }));
  const pods: RefPod[] = gen.pods.map((p, i) => {
    const nodeName = p.node === undefined ? undefined : NODES[p.node]!.name;
    const ips = p.host
      ? nodeName !== undefined && p.hasIp
        ? [NODES[p.node!]!.ips[0]!]
        : []
      : p.hasIp
        ? [`10.0.0.${i + 1}`]
        : [];
    const refPod: RefPod = {
      id: `${NAMESPACES[p.ns]}/p${i}`,
      namespace: NAMESPACES[p.ns]!,
      labels: p.labels as Record<string, string>,
      ips,
      hostNetwork: p.host,
      ports: p.ports.map((x) => ({ ...(x.name ? { name: x.name } : {}), port: x.port, protocol: x.protocol })),
    };
    if (nodeName !== undefined) refPod.node = nodeName;
    return refPod;
  });
  const policies: RefPolicy[] = [];
  gen.networkPolicies.forEach((np, i) => {
    const spec: Record<string, unknown> = { podSelector: np.podSelector };
    if (np.policyTypes) spec['policyTypes'] = np.policyTypes;
    if (np.ingress) spec['ingress'] = np.ingress;
    if (np.egress) spec['egress'] = np.egress;
    policies.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: NAMESPACES[np.ns]! },
      spec,
    });
  });
  let banp = false;
  gen.adminPolicies.forEach((a, i) => {
    const spec: Record<string, unknown> = { subject: a.subject, ingress: a.ingress, egress: a.egress };
    if (a.flavour === 'BANP') {
      if (banp) return;
      banp = true;
      policies.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec,
      });
    } else if (a.flavour === 'ANP') {
      policies.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: `anp${i}` },
        spec: { ...spec, priority: 10 + i },
      });
    } else {
      policies.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha2',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: `cnp${i}` },
        spec: { ...spec, priority: 20 + i, tier: a.flavour === 'CNP-Admin' ? 'Admin' : 'Baseline' },
      });
    }
  });
  const objects: object[] = [
    ...namespaces.map((n) => namespace(n.name, n.labels)),
    ...NODES.map((n) =>
      node(
        n.name,
        n.labels,
        n.ips.map((address) => ({ type: 'InternalIP', address })),
      ),
    ),
    ...pods.map((p, i) => {
      const g = gen.pods[i]!;
      return pod({
        namespace: p.namespace,
        name: p.id.split('/')[1]!,
        labels: p.labels,
        ...(p.ips[0] ? { ip: p.ips[0] } : {}),
        hostNetwork: p.hostNetwork,
        ...(p.node ? { node: p.node } : {}),
        ports: p.ports,
        ...(g.owner !== undefined ? { owner: { kind: 'ReplicaSet', name: `rs${g.owner}` } } : {}),
      });
    }),
    ...policies,
  ];
  return {
    objects,
    ref: { namespaces, pods, nodes: NODES, policies, ipBlockMatchesPods: gen.ipBlockMatchesPods },
  };
}

function portsToCheck(): [Proto, number][] {
  const numbers = [1, 52, 53, 54, 79, 80, 81, 82, 443, 7999, 8000, 8080, 8081, 65535];
  return PROTOS.flatMap((p) => numbers.map((n) => [p, n] as [Proto, number]));
}

test('on random clusters and policies, the class-based engine answers exactly as the naive per-pod reference', async () => {
  const ports = portsToCheck();
  await fc.assert(
    fc.asyncProperty(clusterArb, async (gen) => {
      const { objects, ref } = materialise(gen);
      const inventory = await inventoryFrom(objects);
      const reach = new Reachability(inventory, { ipBlockMatchesPods: gen.ipBlockMatchesPods });
      const engine = reach.engine;
      const reference = new Reference(ref);
      const refPodOf = new Map(ref.pods.map((p) => [p.id, p]));
      const eps = engine.endpoints.endpoints;
      const podOf = (e: number): RefPod => refPodOf.get(`${eps[e]!.namespace}/${eps[e]!.pod}`)!;

      // Pod to pod, every port of the sample.
      for (let a = 0; a < eps.length; a++) {
        for (let b = 0; b < eps.length; b++) {
          const got = engine.conns.get(engine.endpointConn(a, b));
          for (const [proto, port] of ports) {
            const want = reference.allowed({ pod: podOf(a) }, { pod: podOf(b) }, proto, port);
            if (got.has(proto, port) !== want) {
              assert.fail(`${podOf(a).id} -> ${podOf(b).id} ${proto}/${port}: engine ${!want}, reference ${want}`);
            }
          }
        }
      }
      // Pods to and from external addresses.
      for (let a = 0; a < eps.length; a++) {
        for (const ip of EXTERNAL_IPS) {
          const out = engine.conns.get(engine.endpointToIp(a, parseIp(ip)!));
          const inn = engine.conns.get(engine.ipToEndpoint(parseIp(ip)!, a));
          for (const [proto, port] of ports) {
            assert.equal(
              out.has(proto, port),
              reference.allowed({ pod: podOf(a) }, { ip }, proto, port),
              `${podOf(a).id} -> ${ip} ${proto}/${port}`,
            );
            assert.equal(
              inn.has(proto, port),
              reference.allowed({ ip }, { pod: podOf(a) }, proto, port),
              `${ip} -> ${podOf(a).id} ${proto}/${port}`,
            );
          }
        }
      }
      // Workloads: the union over distinct pods, and the whole-map enumeration agrees with the point queries.
      const byWorkload = engine.endpoints.byWorkload;
      const listed = new Map<string, number>();
      reach.forEachWorkloadPair((w1, w2, conn) => {
        const key = `${w1},${w2}`;
        assert.ok(!listed.has(key), `pair ${key} listed twice`);
        listed.set(key, conn);
      });
      assert.equal(reach.countWorkloadPairs(), listed.size);
      // The same enumeration with egress answers evaluated per destination instead of tabled.
      const lazy = new Reachability(inventory, { ipBlockMatchesPods: gen.ipBlockMatchesPods });
      lazy.maxEgressTable = 0;
      const lazyListed = new Map<string, number>();
      lazy.forEachWorkloadPair((w1, w2, conn) => lazyListed.set(`${w1},${w2}`, conn));
      assert.deepEqual(
        [...lazyListed].map(([k, c]) => `${k}:${lazy.conn(c).key()}`).sort(),
        [...listed].map(([k, c]) => `${k}:${reach.conn(c).key()}`).sort(),
      );
      assert.equal(lazy.countWorkloadPairs(), listed.size);
      for (let w1 = 0; w1 < reach.workloads.length; w1++) {
        for (let w2 = 0; w2 < reach.workloads.length; w2++) {
          const conn = reach.workloadConn(w1, w2);
          if (w1 !== w2) assert.equal(listed.get(`${w1},${w2}`) ?? ConnTable.NONE, conn, `map ${w1} -> ${w2}`);
          const got = engine.conns.get(conn);
          for (const [proto, port] of ports) {
            let want = false;
            for (const a of byWorkload[w1]!) {
              for (const b of byWorkload[w2]!) {
                if (a !== b && reference.allowed({ pod: podOf(a) }, { pod: podOf(b) }, proto, port)) want = true;
              }
            }
            assert.equal(got.has(proto, port), want, `workload ${w1} -> ${w2} ${proto}/${port}`);
          }
        }
        // Address ranges to and from the workload.
        const egress = reach.egressRanges(w1);
        const ingress = reach.ingressRanges(w1);
        for (const ip of EXTERNAL_IPS) {
          const point = parseIp(ip)!;
          const out = egress.find((r) => r.start <= point && point <= r.end);
          const inn = ingress.find((r) => r.start <= point && point <= r.end);
          for (const [proto, port] of ports) {
            const wantOut = byWorkload[w1]!.some((a) => reference.allowed({ pod: podOf(a) }, { ip }, proto, port));
            const wantIn = byWorkload[w1]!.some((a) => reference.allowed({ ip }, { pod: podOf(a) }, proto, port));
            assert.equal(out ? engine.conns.get(out.conn).has(proto, port) : false, wantOut, `range ${w1} -> ${ip}`);
            assert.equal(inn ? engine.conns.get(inn.conn).has(proto, port) : false, wantIn, `range ${ip} -> ${w1}`);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('on random clusters, what cutting a class direction takes, read from the decision, is what its explanation says', async () => {
  const queries = [
    ConnSet.ALL,
    ConnSet.NONE,
    ConnSet.port('TCP', 80),
    ConnSet.port('UDP', 53).union(ConnSet.port('TCP', 8000, 8080)),
  ];
  await fc.assert(
    fc.asyncProperty(clusterArb, async (gen) => {
      const { objects } = materialise(gen);
      const reach = new Reachability(await inventoryFrom(objects), { ipBlockMatchesPods: gen.ipBlockMatchesPods });
      const classes = reach.engine.classes;
      for (const dir of ['egress', 'ingress'] as const) {
        for (const subject of classes) {
          for (const peer of classes) {
            // The decision (memoised by what the peer satisfies) is the engine's answer, traced as a fresh decision.
            const outcome = decideClassDirection(reach, dir, subject.id, peer.id);
            if (outcome.note === undefined) {
              const engine = reach.engine;
              const answer =
                dir === 'egress' ? engine.egress(subject.id, peer.id) : engine.ingress(subject.id, peer.id);
              assert.ok(outcome.allowed.equals(engine.conns.get(answer)));
              const members = new Set(peer.members);
              const trace: TraceStep[] = [];
              engine.decide(outcome.profile, (m) => members.has(m), peer.ports, peer.kind, trace);
              assert.deepEqual(outcome.trace, trace);
            }
            for (const q of queries) {
              const rendered = explainClassDirection(reach, dir, subject.id, peer.id, q);
              assert.deepEqual(
                classDirectionRequirement(reach, dir, subject.id, peer.id, q),
                directionRequirement(rendered),
                `${dir} at class ${subject.id} (${subject.kind}) from ${peer.id}, ${q.toString()}`,
              );
            }
          }
        }
      }
    }),
  );
});
