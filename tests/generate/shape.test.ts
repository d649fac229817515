import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { DANGLING_LABEL, generateCluster, type ProfileName } from '../../bench/generator/index.js';
import { inCidr, kind, readDump, tempDir, type Dump, type Obj } from './dump.js';

const PODS = 2000;

interface PodSpecView {
  nodeName?: string;
  hostNetwork?: boolean;
  serviceAccountName?: string;
  containers: { name: string; securityContext?: { privileged?: boolean } }[];
  initContainers?: { securityContext?: { privileged?: boolean } }[];
}
interface PodStatusView {
  phase: string;
  podIP: string;
  podIPs: { ip: string }[];
}
const spec = <T>(o: Obj): T => o.spec as T;
const podSpec = (o: Obj): PodSpecView => spec<PodSpecView>(o);
const podStatus = (o: Obj): PodStatusView => o.status as PodStatusView;
const labels = (o: Obj): Record<string, string> => o.metadata.labels ?? {};

/** The resource name of a kind, as `kubectl api-resources` lists it. */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('policy')) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith('ss') || lower.endsWith('ch')) return `${lower}es`;
  return `${lower}s`;
}

const dirs: string[] = [];
const dumps = new Map<ProfileName, Dump>();

async function generate(profile: ProfileName, pods = PODS, seed = '7'): Promise<Dump> {
  const out = tempDir(`shape-${profile}`);
  dirs.push(out);
  const summary = await generateCluster({ pods, seed, profile, out });
  assert.equal(summary.pods, pods);
  return readDump(out);
}

before(async () => {
  for (const profile of ['default', 'flat-network', 'locked-down'] as const)
    dumps.set(profile, await generate(profile));
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const teamNamespaces = (d: Dump): Obj[] => kind(d, 'Namespace').filter((n) => labels(n).team !== undefined);

/** A policy selecting every pod of its namespace and allowing nothing for the given direction. */
function isDefaultDeny(np: Obj, direction: 'Ingress' | 'Egress'): boolean {
  const s = np.spec as { podSelector: object; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
  const rules = direction === 'Ingress' ? s.ingress : s.egress;
  return (
    Object.keys(s.podSelector).length === 0 && (s.policyTypes ?? []).includes(direction) && (rules ?? []).length === 0
  );
}

for (const profile of ['default', 'flat-network', 'locked-down'] as const) {
  describe(`generate --profile ${profile}`, () => {
    const d = (): Dump => dumps.get(profile)!;

    test('writes exactly --pods Pod objects, all Running', () => {
      const pods = kind(d(), 'Pod');
      assert.equal(pods.length, PODS);
      for (const p of pods) assert.equal(podStatus(p).phase, 'Running');
    });

    test('files are kubectl List documents, pretty-printed, one kind and scope per file', () => {
      const namespaces = new Set(kind(d(), 'Namespace').map((n) => n.metadata.name));
      for (const f of d().files) {
        const list = JSON.parse(f.text) as Record<string, unknown>;
        assert.deepEqual(Object.keys(list), ['apiVersion', 'kind', 'metadata', 'items'], f.rel);
        assert.equal(list.apiVersion, 'v1');
        assert.equal(list.kind, 'List');
        assert.deepEqual(list.metadata, { resourceVersion: '' });
        assert.equal(f.text, `${JSON.stringify(list, null, 2)}\n`, `${f.rel} is not 2-space pretty-printed`);
        const parts = f.rel.split('/');
        const plural = parts[parts.length - 1]!.replace(/\.json$/, '');
        assert.ok(f.items.length > 0, `${f.rel} is empty`);
        assert.equal(new Set(f.items.map((i) => i.kind)).size, 1, `${f.rel} mixes kinds`);
        assert.equal(plural, pluralOf(f.items[0]!.kind), f.rel);
        for (const item of f.items) {
          assert.ok(item.apiVersion && item.kind, `${f.rel}: item without apiVersion/kind`);
          if (parts[0] === 'cluster') {
            assert.equal(parts.length, 2, f.rel);
            assert.equal(item.metadata.namespace, undefined, f.rel);
          } else {
            assert.equal(parts[0], 'namespaces');
            assert.equal(item.metadata.namespace, parts[1], f.rel);
            assert.ok(namespaces.has(parts[1]!), `${f.rel}: namespace ${parts[1]} has no Namespace object`);
          }
        }
      }
    });

    test('uids are unique', () => {
      const seen = new Set<string>();
      for (const o of d().all) {
        assert.match(o.metadata.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.ok(!seen.has(o.metadata.uid), `duplicate uid ${o.metadata.uid}`);
        seen.add(o.metadata.uid);
      }
    });

    test("every ownerReference resolves to the owner's uid, kind and name", () => {
      let pods = 0;
      for (const o of d().all) {
        for (const ref of o.metadata.ownerReferences ?? []) {
          const owner = d().byUid.get(ref.uid);
          assert.ok(
            owner,
            `${o.kind} ${o.metadata.namespace}/${o.metadata.name}: owner ${ref.kind}/${ref.name} not found`,
          );
          assert.equal(owner.kind, ref.kind);
          assert.equal(owner.metadata.name, ref.name);
          assert.equal(owner.apiVersion, ref.apiVersion);
          assert.equal(ref.controller, true);
          if (owner.metadata.namespace !== undefined) assert.equal(owner.metadata.namespace, o.metadata.namespace);
          if (o.kind === 'Pod') pods++;
        }
      }
      assert.ok(pods > PODS * 0.9, 'nearly every pod has an owner');
    });

    test('pods run on existing nodes, at most 110 a node, with IPs from the node pod CIDR', () => {
      const nodes = new Map(kind(d(), 'Node').map((n) => [n.metadata.name, n]));
      const perNode = new Map<string, number>();
      const ips = new Set<string>();
      for (const p of kind(d(), 'Pod')) {
        const s = podSpec(p);
        const node = nodes.get(s.nodeName ?? '');
        assert.ok(node, `pod ${p.metadata.name} is on unknown node ${s.nodeName}`);
        perNode.set(node.metadata.name, (perNode.get(node.metadata.name) ?? 0) + 1);
        const st = podStatus(p);
        assert.deepEqual(st.podIPs, [{ ip: st.podIP }]);
        const nodeSpec = node.spec as { podCIDR: string };
        const internal = (node.status as { addresses: { type: string; address: string }[] }).addresses.find(
          (a) => a.type === 'InternalIP',
        )!.address;
        if (s.hostNetwork) {
          assert.equal(st.podIP, internal, `host-network pod ${p.metadata.name} has the node's address`);
        } else {
          assert.ok(inCidr(st.podIP, nodeSpec.podCIDR), `${st.podIP} not in ${nodeSpec.podCIDR}`);
          assert.ok(!ips.has(st.podIP), `duplicate pod IP ${st.podIP}`);
          ips.add(st.podIP);
        }
      }
      for (const [node, n] of perNode) assert.ok(n <= 110, `${node} runs ${n} pods`);
      const cidrs = kind(d(), 'Node').map((n) => (n.spec as { podCIDR: string }).podCIDR);
      assert.equal(new Set(cidrs).size, cidrs.length, 'node pod CIDRs are distinct');
    });

    test("every pod's service account exists in its namespace", () => {
      const accounts = new Set(kind(d(), 'ServiceAccount').map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
      for (const p of kind(d(), 'Pod')) {
        const sa = podSpec(p).serviceAccountName;
        if (sa === undefined) {
          // Only mirror pods of static pods have no service account.
          assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'Node', `${p.metadata.name} has no service account`);
          continue;
        }
        assert.ok(
          accounts.has(`${p.metadata.namespace}/${sa}`),
          `${p.metadata.namespace}/${p.metadata.name}: no account ${sa}`,
        );
      }
    });

    test('every binding refers to an existing role unless it is labelled dangling', () => {
      const clusterRoles = new Set(kind(d(), 'ClusterRole').map((r) => r.metadata.name));
      const roles = new Set(kind(d(), 'Role').map((r) => `${r.metadata.namespace}/${r.metadata.name}`));
      let dangling = 0;
      for (const b of [...kind(d(), 'RoleBinding'), ...kind(d(), 'ClusterRoleBinding')]) {
        const ref = b.roleRef as { apiGroup: string; kind: string; name: string };
        assert.equal(ref.apiGroup, 'rbac.authorization.k8s.io');
        const exists =
          ref.kind === 'ClusterRole' ? clusterRoles.has(ref.name) : roles.has(`${b.metadata.namespace}/${ref.name}`);
        if (labels(b)[DANGLING_LABEL] === 'true') {
          assert.ok(!exists, `${b.metadata.name} is labelled dangling but its role exists`);
          dangling++;
        } else {
          assert.ok(
            exists,
            `${b.kind} ${b.metadata.namespace ?? ''}/${b.metadata.name}: ${ref.kind} ${ref.name} does not exist`,
          );
        }
      }
      assert.ok(dangling >= 2, 'a few dangling bindings');
    });

    test('has every kind the analysers read', () => {
      const required = [
        'Namespace',
        'Node',
        'Pod',
        'Deployment',
        'ReplicaSet',
        'StatefulSet',
        'DaemonSet',
        'Job',
        'CronJob',
        'Service',
        'Ingress',
        'IngressClass',
        'GatewayClass',
        'Gateway',
        'HTTPRoute',
        'GRPCRoute',
        'TLSRoute',
        'ReferenceGrant',
        'NetworkPolicy',
        'ServiceAccount',
        'Role',
        'ClusterRole',
        'RoleBinding',
        'ClusterRoleBinding',
        'Secret',
        'ConfigMap',
        'PersistentVolumeClaim',
      ];
      if (profile !== 'flat-network') required.push('AdminNetworkPolicy', 'BaselineAdminNetworkPolicy');
      for (const k of required) assert.ok(kind(d(), k).length > 0, `no ${k}`);
      for (const cr of ['cluster-admin', 'admin', 'edit', 'view']) {
        assert.ok(
          kind(d(), 'ClusterRole').some((r) => r.metadata.name === cr),
          `no ClusterRole ${cr}`,
        );
      }
    });

    test('controllers label their pods as Kubernetes does', () => {
      const byUid = d().byUid;
      let buildIds = 0;
      let statefulNames = 0;
      let jobUids = 0;
      for (const p of kind(d(), 'Pod')) {
        const owner = p.metadata.ownerReferences?.[0];
        const l = labels(p);
        if (owner?.kind === 'ReplicaSet') {
          assert.equal(
            owner.name,
            `${byUid.get(owner.uid)!.metadata.ownerReferences![0]!.name}-${l['pod-template-hash']}`,
          );
          assert.ok(p.metadata.name.startsWith(`${owner.name}-`));
          if (l['build-id']) buildIds++;
        } else if (owner?.kind === 'StatefulSet') {
          assert.ok(l['controller-revision-hash']?.startsWith(`${owner.name}-`));
          assert.equal(l['statefulset.kubernetes.io/pod-name'], p.metadata.name);
          statefulNames++;
        } else if (owner?.kind === 'DaemonSet') {
          assert.ok(l['controller-revision-hash']);
        } else if (owner?.kind === 'Job') {
          assert.equal(l['controller-uid'], owner.uid);
          assert.equal(l['batch.kubernetes.io/controller-uid'], owner.uid);
          assert.equal(l['job-name'], owner.name);
          jobUids++;
        }
      }
      assert.ok(buildIds > 0 && statefulNames > 0 && jobUids > 0, 'per-pod unique labels on some workloads');
      const cronJobJobs = kind(d(), 'Job').filter((j) => j.metadata.ownerReferences?.[0]?.kind === 'CronJob');
      assert.ok(cronJobJobs.length > 0, 'a Job owned by a CronJob');
      const scaledDown = kind(d(), 'ReplicaSet').filter((r) => (r.spec as { replicas: number }).replicas === 0);
      assert.ok(scaledDown.length > 0, 'old ReplicaSets scaled to zero');
    });

    test('DaemonSets run one pod on each node they target', () => {
      const nodes = kind(d(), 'Node').length;
      const perDs = new Map<string, Set<string>>();
      for (const p of kind(d(), 'Pod')) {
        const owner = p.metadata.ownerReferences?.[0];
        if (owner?.kind !== 'DaemonSet') continue;
        const set = perDs.get(owner.uid) ?? new Set<string>();
        const node = podSpec(p).nodeName!;
        assert.ok(!set.has(node), `two pods of ${owner.name} on ${node}`);
        set.add(node);
        perDs.set(owner.uid, set);
      }
      const calico = kind(d(), 'DaemonSet').find((x) => x.metadata.name === 'calico-node')!;
      assert.equal(perDs.get(calico.metadata.uid)?.size, nodes);
      const calicoSpec = (calico.spec as { template: { spec: PodSpecView } }).template.spec;
      assert.equal(calicoSpec.hostNetwork, true);
      assert.equal(calicoSpec.containers[0]!.securityContext?.privileged, true);
    });

    test('Services of every type', () => {
      const services = kind(d(), 'Service').map((s) => s.spec as Record<string, unknown>);
      const has = (f: (s: Record<string, unknown>) => boolean, what: string): void =>
        assert.ok(services.some(f), `no ${what} Service`);
      has((s) => s.type === 'ClusterIP' && s.clusterIP !== 'None', 'ClusterIP');
      has((s) => s.clusterIP === 'None', 'headless');
      has((s) => s.type === 'NodePort', 'NodePort');
      has(
        (s) => s.type === 'LoadBalancer' && Array.isArray(s.loadBalancerSourceRanges),
        'LoadBalancer with source ranges',
      );
      has(
        (s) => s.type === 'LoadBalancer' && s.loadBalancerSourceRanges === undefined,
        'LoadBalancer without source ranges',
      );
      has((s) => s.type === 'ExternalName', 'ExternalName');
      has((s) => Array.isArray(s.externalIPs), 'externalIPs');
      const ips = kind(d(), 'Service')
        .map((s) => (s.spec as { clusterIP?: string }).clusterIP)
        .filter((ip) => ip && ip !== 'None');
      assert.equal(new Set(ips).size, ips.length, 'cluster IPs are distinct');
      assert.ok(
        kind(d(), 'Ingress').some((i) => Array.isArray((i.spec as { tls?: unknown }).tls)),
        'an Ingress with TLS',
      );
    });

    test('cloud identities, token settings and secrets without values', () => {
      const annotations = kind(d(), 'ServiceAccount').flatMap((s) => Object.entries(s.metadata.annotations ?? {}));
      assert.ok(
        annotations.some(([k, v]) => k === 'eks.amazonaws.com/role-arn' && /^arn:aws:iam::\d{12}:role\/.+/.test(v)),
      );
      assert.ok(
        annotations.some(([k, v]) => k === 'iam.gke.io/gcp-service-account' && v.endsWith('.iam.gserviceaccount.com')),
      );
      assert.ok(annotations.some(([k]) => k === 'azure.workload.identity/client-id'));
      assert.ok(kind(d(), 'Pod').some((p) => labels(p)['azure.workload.identity/use'] === 'true'));
      assert.ok(kind(d(), 'ServiceAccount').some((s) => s.automountServiceAccountToken === false));
      const secrets = kind(d(), 'Secret');
      for (const s of secrets) {
        for (const v of Object.values((s.data as Record<string, string> | undefined) ?? {})) assert.equal(v, '');
        assert.equal(s.stringData, undefined);
      }
      const tokens = secrets.filter((s) => s.type === 'kubernetes.io/service-account-token');
      assert.ok(tokens.length > 0);
      for (const t of tokens) assert.ok(t.metadata.annotations?.['kubernetes.io/service-account.name']);
      const awsAuth = kind(d(), 'ConfigMap').find(
        (c) => c.metadata.namespace === 'kube-system' && c.metadata.name === 'aws-auth',
      );
      assert.match((awsAuth?.data as Record<string, string>).mapRoles!, /rolearn: arn:aws:iam::\d{12}:role\//);
    });

    test('namespaces carry their name, team, env and Pod Security labels', () => {
      const team = teamNamespaces(d());
      assert.ok(team.length >= 3);
      for (const n of kind(d(), 'Namespace')) assert.equal(labels(n)['kubernetes.io/metadata.name'], n.metadata.name);
      for (const n of team) assert.ok(labels(n).env);
      for (const sys of ['kube-system', 'kube-public', 'default', 'ingress-nginx', 'monitoring']) {
        assert.ok(
          kind(d(), 'Namespace').some((n) => n.metadata.name === sys),
          `no namespace ${sys}`,
        );
      }
      const enforced = team.filter((n) => labels(n)['pod-security.kubernetes.io/enforce']);
      if (profile === 'locked-down') {
        assert.equal(enforced.length, team.length);
        for (const n of team) assert.equal(labels(n)['pod-security.kubernetes.io/enforce'], 'restricted');
      } else {
        assert.ok(enforced.length > 0 && enforced.length < team.length);
      }
    });

    test('the profile sets the network policy ratios', () => {
      const policies = kind(d(), 'NetworkPolicy');
      const team = teamNamespaces(d());
      const denied = team.filter((n) =>
        policies.some((p) => p.metadata.namespace === n.metadata.name && isDefaultDeny(p, 'Ingress')),
      );
      const teamPolicies = policies.filter((p) => team.some((n) => n.metadata.name === p.metadata.namespace));
      if (profile === 'flat-network') {
        assert.equal(teamPolicies.length, 0);
        assert.ok(policies.length <= 2, 'almost no NetworkPolicies');
        assert.equal(kind(d(), 'AdminNetworkPolicy').length, 0);
      } else if (profile === 'locked-down') {
        assert.equal(denied.length, team.length, 'default-deny ingress in every team namespace');
        for (const n of team) {
          assert.ok(policies.some((p) => p.metadata.namespace === n.metadata.name && isDefaultDeny(p, 'Egress')));
        }
      } else {
        assert.ok(
          denied.length > team.length * 0.2 && denied.length < team.length * 0.8,
          `${denied.length}/${team.length}`,
        );
      }
      if (profile !== 'flat-network') {
        const specs = JSON.stringify(teamPolicies.map((p) => p.spec));
        for (const feature of ['"ipBlock"', '"except"', '"endPort"', '"namespaceSelector"', '"port":"metrics"']) {
          assert.ok(specs.includes(feature), `no policy uses ${feature}`);
        }
      }
    });

    test('privileged containers follow the profile and the namespace Pod Security level', () => {
      const levels = new Map(
        kind(d(), 'Namespace').map((n) => [n.metadata.name, labels(n)['pod-security.kubernetes.io/enforce']]),
      );
      const teams = new Set(teamNamespaces(d()).map((n) => n.metadata.name));
      let teamPrivileged = 0;
      for (const p of kind(d(), 'Pod')) {
        const s = podSpec(p);
        const privileged = [...s.containers, ...(s.initContainers ?? [])].some(
          (c) => c.securityContext?.privileged === true,
        );
        const level = levels.get(p.metadata.namespace!);
        if (level === 'restricted' || level === 'baseline') {
          assert.ok(!privileged && !s.hostNetwork, `${p.metadata.namespace}/${p.metadata.name} breaks ${level}`);
        }
        if (privileged && teams.has(p.metadata.namespace!)) teamPrivileged++;
      }
      if (profile === 'locked-down') assert.equal(teamPrivileged, 0);
    });

    test('pods in restricted namespaces meet the restricted Pod Security Standard', () => {
      const restricted = new Set(
        kind(d(), 'Namespace')
          .filter((n) => labels(n)['pod-security.kubernetes.io/enforce'] === 'restricted')
          .map((n) => n.metadata.name),
      );
      assert.ok(restricted.size > 0);
      type Sc = {
        allowPrivilegeEscalation?: boolean;
        runAsNonRoot?: boolean;
        capabilities?: { drop?: string[]; add?: string[] };
        seccompProfile?: { type: string };
      };
      type Spec = {
        securityContext: Sc;
        volumes?: Record<string, unknown>[];
        containers: { securityContext?: Sc }[];
        initContainers?: { securityContext?: Sc }[];
      };
      for (const p of kind(d(), 'Pod')) {
        if (!restricted.has(p.metadata.namespace!)) continue;
        const s = spec<Spec>(p);
        const where = `${p.metadata.namespace}/${p.metadata.name}`;
        for (const c of [...s.containers, ...(s.initContainers ?? [])]) {
          const sc = c.securityContext ?? {};
          assert.equal(sc.allowPrivilegeEscalation, false, where);
          assert.ok(sc.capabilities?.drop?.includes('ALL'), where);
          assert.ok(
            (sc.capabilities?.add ?? []).every((cap) => cap === 'NET_BIND_SERVICE'),
            where,
          );
          assert.ok(sc.runAsNonRoot === true || s.securityContext.runAsNonRoot === true, where);
          assert.ok((sc.seccompProfile ?? s.securityContext.seccompProfile)?.type === 'RuntimeDefault', where);
        }
        for (const v of s.volumes ?? []) assert.equal(v.hostPath, undefined, where);
      }
    });
  });
}

describe('generate sizes', () => {
  for (const pods of [0, 1, 9, 150, 777]) {
    test(`--pods ${pods} gives exactly ${pods} pods`, async () => {
      const d = await generate('default', pods, 'sizes');
      assert.equal(kind(d, 'Pod').length, pods);
      assert.ok(kind(d, 'Node').length > 0);
    });
  }

  test('most Deployments have 1-5 replicas, a few are large', async () => {
    const d = await generate('default', 20000, 'sizes');
    const replicas = kind(d, 'Deployment').map((x) => (x.spec as { replicas: number }).replicas);
    const small = replicas.filter((r) => r >= 1 && r <= 5).length;
    assert.ok(small / replicas.length > 0.6, `${small}/${replicas.length} small`);
    assert.ok(
      replicas.some((r) => r >= 50),
      'a large Deployment',
    );
    assert.equal(kind(d, 'Pod').length, 20000);
  });
});
