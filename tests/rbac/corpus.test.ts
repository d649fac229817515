/**
 * can-i and who-can on the real-world corpus (Argo CD, Calico, kube-prometheus), against answers read off the YAML
 * by hand. Argo CD's install.yaml gives its Roles and RoleBindings no namespace, so they land in `default`, while its
 * ClusterRoleBindings name service accounts in `argocd`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { analyzeRbac, type RbacAnalysis } from '../../src/rbac/analysis.js';
import { buildRequest, canI, whoCan, type RequestSpec } from '../../src/rbac/query.js';
import { resourceTable } from '../../src/rbac/resources.js';
import { impersonatedUser } from '../../src/rbac/subjects.js';
import { rbacFindings } from '../../src/rbac/findings.js';
import { corpusManifests, parseValidReport, tempTree } from '../helpers.js';
import { emptyReport } from '../report/sample-report.js';

const ARGO = path.join(corpusManifests, 'argocd-install.yaml');
const CALICO = path.join(corpusManifests, 'calico.yaml');

/** alice gets the default `view` ClusterRole in monitoring; view has `rules: null` and is filled by aggregation. */
const ALICE = tempTree({
  'alice.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-view, namespace: monitoring}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
`,
});

const loaded = new Map<string, Promise<{ inventory: Inventory; analysis: RbacAnalysis }>>();
function corpus(...paths: string[]): Promise<{ inventory: Inventory; analysis: RbacAnalysis }> {
  const key = paths.join('\0');
  let p = loaded.get(key);
  if (!p) {
    p = loadInventory(paths).then((inventory) => ({ inventory, analysis: analyzeRbac(inventory) }));
    loaded.set(key, p);
  }
  return p;
}
const ALL = [corpusManifests, ALICE];

async function ask(
  paths: string[],
  subject: string,
  verb: string,
  resource: string,
  rest: Partial<RequestSpec> = {},
): Promise<ReturnType<typeof canI>> {
  const { inventory, analysis } = await corpus(...paths);
  const built = buildRequest(
    { verb, resource, defaultNamespace: 'default', ...rest },
    resourceTable(inventory.objects),
  );
  return canI(analysis, impersonatedUser(subject), built.request);
}

async function who(
  paths: string[],
  verb: string,
  resource: string,
  rest: Partial<RequestSpec> = {},
): Promise<string[]> {
  const { inventory, analysis } = await corpus(...paths);
  const built = buildRequest(
    { verb, resource, defaultNamespace: 'default', ...rest },
    resourceTable(inventory.objects),
  );
  return whoCan(analysis, built.request, built.allNamespaces).subjects.map((s) => `${s.id} @${s.scope}`);
}

test('the corpus loads without input errors', async () => {
  const { inventory, analysis } = await corpus(...ALL);
  assert.deepEqual(inventory.errors, []);
  assert.equal(analysis.policy.defaults, 'added');
  assert.deepEqual(analysis.policy.problems, []);
});

test('aggregation: kube-prometheus extends view, so alice (view in monitoring) reads pod metrics there only', async () => {
  const yes = await ask(ALL, 'alice', 'get', 'pods.metrics.k8s.io', { namespace: 'monitoring' });
  assert.equal(yes.allowed, true);
  assert.equal(yes.grant!.role.name, 'view');
  // The rule is system:aggregated-metrics-reader's (prometheusAdapter-clusterRoleAggregatedMetricsReader.yaml).
  assert.deepEqual(yes.grant!.rule, {
    verbs: ['get', 'list', 'watch'],
    apiGroups: ['metrics.k8s.io'],
    resources: ['pods', 'nodes'],
  });
  assert.deepEqual(yes.grant!.role.aggregatedFrom, ['system:aggregate-to-view', 'system:aggregated-metrics-reader']);
  assert.equal((await ask(ALL, 'alice', 'get', 'pods.metrics.k8s.io', { namespace: 'default' })).allowed, false);
  // Without kube-prometheus, view has no such rule.
  assert.equal(
    (await ask([ARGO, CALICO, ALICE], 'alice', 'get', 'pods.metrics.k8s.io', { namespace: 'monitoring' })).allowed,
    false,
  );
  // view's own rules still hold.
  assert.equal((await ask(ALL, 'alice', 'list', 'pods', { namespace: 'monitoring' })).allowed, true);
  assert.equal((await ask(ALL, 'alice', 'get', 'secrets', { namespace: 'monitoring' })).allowed, false);
});

test('resourceNames (Argo CD): argocd-redis may get the secret argocd-redis in default, nothing else', async () => {
  const redis = 'system:serviceaccount:default:argocd-redis';
  const named = await ask(ALL, redis, 'get', 'secrets', { name: 'argocd-redis' });
  assert.equal(named.allowed, true);
  assert.deepEqual(named.grant!.rule, {
    verbs: ['get'],
    apiGroups: [''],
    resources: ['secrets'],
    resourceNames: ['argocd-redis'],
  });
  assert.equal((await ask(ALL, redis, 'get', 'secrets', { name: 'argocd-secret' })).allowed, false);
  assert.equal((await ask(ALL, redis, 'list', 'secrets')).allowed, false);
  // create has no name, and the Role's unnamed create rule allows it.
  assert.equal((await ask(ALL, redis, 'create', 'secrets')).allowed, true);
  // The same account name in argocd has no binding there.
  assert.equal(
    (
      await ask(ALL, 'system:serviceaccount:argocd:argocd-redis', 'get', 'secrets', {
        name: 'argocd-redis',
        namespace: 'argocd',
      })
    ).allowed,
    false,
  );
});

test('who-can get secret argocd-redis in default: exactly the subjects the YAML grants it to', async () => {
  assert.deepEqual(await who(ALL, 'get', 'secrets', { name: 'argocd-redis' }), [
    // Default policy: cluster-admin, the garbage collector and namespace controller (get on */*), and
    // system:kube-controller-manager (get secrets).
    'Group:system:masters @cluster-wide',
    // argocd-application-controller: * on *.*; argocd-applicationset-controller: get secrets;
    // argocd-server: delete,get,patch on *.* (ClusterRoles, bound to the accounts in argocd).
    'ServiceAccount:argocd/argocd-application-controller @cluster-wide',
    'ServiceAccount:argocd/argocd-applicationset-controller @cluster-wide',
    'ServiceAccount:argocd/argocd-server @cluster-wide',
    // Roles in default (get on all secrets) and argocd-redis's named rule; argocd-notifications-controller may only
    // get argocd-notifications-secret and is absent.
    'ServiceAccount:default/argocd-application-controller @default',
    'ServiceAccount:default/argocd-applicationset-controller @default',
    'ServiceAccount:default/argocd-dex-server @default',
    'ServiceAccount:default/argocd-redis @default',
    'ServiceAccount:default/argocd-server @default',
    'ServiceAccount:kube-system/generic-garbage-collector @cluster-wide',
    'ServiceAccount:kube-system/namespace-controller @cluster-wide',
    // kube-prometheus: prometheus-operator has * on configmaps and secrets; kube-state-metrics only list/watch.
    'ServiceAccount:monitoring/prometheus-operator @cluster-wide',
    'User:system:kube-controller-manager @cluster-wide',
  ]);
});

test('resourceNames (Calico): calico-node mints tokens for calico-cni-plugin only', async () => {
  const node = 'system:serviceaccount:kube-system:calico-node';
  assert.equal(
    (await ask(ALL, node, 'create', 'serviceaccounts/token', { name: 'calico-cni-plugin', namespace: 'kube-system' }))
      .allowed,
    true,
  );
  assert.equal(
    (await ask(ALL, node, 'create', 'serviceaccounts/token', { name: 'calico-node', namespace: 'kube-system' }))
      .allowed,
    false,
  );
  const named = await who(ALL, 'create', 'serviceaccounts/token', {
    name: 'calico-cni-plugin',
    namespace: 'kube-system',
  });
  const unnamed = await who(ALL, 'create', 'serviceaccounts/token', { namespace: 'kube-system' });
  const common = [
    'Group:system:masters @cluster-wide',
    'ServiceAccount:argocd/argocd-application-controller @cluster-wide',
    'User:system:kube-controller-manager @cluster-wide',
  ];
  assert.deepEqual(unnamed, common);
  assert.deepEqual(named, [...common.slice(0, 2), 'ServiceAccount:kube-system/calico-node @cluster-wide', common[2]]);
});

test('Argo CD: argocd-server may get and patch anything, list secrets only where its Role is', async () => {
  const server = 'system:serviceaccount:argocd:argocd-server';
  const patch = await ask(ALL, server, 'patch', 'mutatingwebhookconfigurations');
  assert.equal(patch.allowed, true);
  assert.equal(patch.grant!.binding.name, 'argocd-server');
  assert.equal((await ask(ALL, server, 'create', 'mutatingwebhookconfigurations')).allowed, false);
  assert.equal((await ask(ALL, server, 'get', 'secrets', { namespace: 'kube-system', name: 'x' })).allowed, true);
  assert.equal((await ask(ALL, server, 'list', 'secrets', { namespace: 'kube-system' })).allowed, false);
  assert.equal((await ask(ALL, server, 'list', 'secrets', { namespace: 'default' })).allowed, false);
  // The Role argocd-server landed in default and names the default/argocd-server account.
  const local = await ask(ALL, 'system:serviceaccount:default:argocd-server', 'list', 'secrets');
  assert.equal(local.allowed, true);
  assert.deepEqual(local.grant!.binding, { kind: 'RoleBinding', name: 'argocd-server', namespace: 'default' });
  // The application controller has * on *.* and on every non-resource URL.
  const controller = 'system:serviceaccount:argocd:argocd-application-controller';
  assert.equal((await ask(ALL, controller, 'escalate', 'clusterroles')).allowed, true);
  assert.equal((await ask(ALL, controller, 'get', '/metrics')).allowed, true);
});

test('kube-prometheus: prometheus-k8s lists pods in its three namespaces and scrapes /metrics', async () => {
  const prom = 'system:serviceaccount:monitoring:prometheus-k8s';
  for (const ns of ['default', 'kube-system', 'monitoring']) {
    assert.equal((await ask(ALL, prom, 'list', 'pods', { namespace: ns })).allowed, true, ns);
  }
  assert.equal((await ask(ALL, prom, 'list', 'pods', { namespace: 'kube-public' })).allowed, false);
  assert.equal((await ask(ALL, prom, 'get', '/metrics/slis')).allowed, true);
  assert.equal((await ask(ALL, prom, 'get', '/metrics/foo')).allowed, false);
  assert.equal((await ask(ALL, prom, 'get', 'nodes/metrics', { name: 'node-1' })).allowed, true);
  assert.equal((await ask(ALL, prom, 'get', 'secrets', { namespace: 'monitoring', name: 'x' })).allowed, false);
  const listPods = await who(ALL, 'list', 'pods', { namespace: 'kube-system' });
  assert.ok(listPods.includes('ServiceAccount:monitoring/prometheus-k8s @kube-system'));
  assert.ok(listPods.includes('ServiceAccount:monitoring/kube-state-metrics @cluster-wide'));
  assert.ok(
    !(await who(ALL, 'list', 'pods', { namespace: 'kube-public' })).includes(
      'ServiceAccount:monitoring/prometheus-k8s @kube-system',
    ),
  );
  // -A: every namespace's RoleBindings.
  const everywhere = await who(ALL, 'list', 'pods', { allNamespaces: true });
  for (const ns of ['default', 'kube-system', 'monitoring']) {
    assert.ok(everywhere.includes(`ServiceAccount:monitoring/prometheus-k8s @${ns}`), ns);
  }
});

test('Calico: the tier getter is a User binding of the default kube-controller-manager identity', async () => {
  const kcm = await ask(ALL, 'system:kube-controller-manager', 'get', 'tiers.projectcalico.org');
  assert.equal(kcm.allowed, true);
  assert.equal(kcm.grant!.role.name, 'calico-tier-getter');
  // list and watch it has on everything (the default system:kube-controller-manager role); create it has not.
  assert.equal((await ask(ALL, 'system:kube-controller-manager', 'list', 'tiers.projectcalico.org')).allowed, true);
  assert.equal((await ask(ALL, 'system:kube-controller-manager', 'create', 'tiers.projectcalico.org')).allowed, false);
});

test('escalation on the corpus: the subjects that reach full control, with their chains', async () => {
  const { analysis } = await corpus(...ALL);
  const graph = analysis.escalation();
  for (const id of [
    'ServiceAccount:argocd/argocd-application-controller', // * on *.*
    'ServiceAccount:argocd/argocd-server', // patch mutatingwebhookconfigurations
    'ServiceAccount:monitoring/prometheus-operator', // creates StatefulSets in every namespace, kube-system too
  ]) {
    assert.ok(graph.distance.has(id), id);
  }
  assert.equal(graph.distance.has('ServiceAccount:default/argocd-redis'), false);
  assert.equal(graph.distance.has('ServiceAccount:monitoring/prometheus-k8s'), false);
  assert.equal(graph.distance.has('User:alice'), false);
});

test('findings on the corpus are valid report findings, located at the bindings that make them', async () => {
  const { inventory } = await corpus(...ALL);
  const findings = rbacFindings(inventory);
  const report = { ...emptyReport(), findings };
  parseValidReport(JSON.stringify(report));
  assert.ok(findings.length > 20);
  for (const f of findings) {
    assert.match(f.checkId, /^RBAC-[A-Z-]+$/);
    assert.match(f.location!, /:\d+$/);
    assert.ok(!f.location!.startsWith('kubernetes-default-rbac/'), f.location);
  }
  const equivalent = findings
    .filter((f) => f.checkId === 'RBAC-CLUSTER-ADMIN-EQUIVALENT')
    .map((f) => f.message.split(' is ')[0]);
  // argocd-application-controller holds * on *.*, which RBAC-WILDCARD reports on its own.
  assert.deepEqual(equivalent.sort(), [
    'ServiceAccount argocd/argocd-server',
    'ServiceAccount monitoring/prometheus-operator',
  ]);
  assert.ok(
    findings.some(
      (f) =>
        f.checkId === 'RBAC-WILDCARD' && f.message.startsWith('ServiceAccount argocd/argocd-application-controller'),
    ),
  );
  // resourceNames lower the severity: calico-node's token request for calico-cni-plugin only.
  const token = findings.find(
    (f) => f.checkId === 'RBAC-SA-TOKEN' && f.message.startsWith('ServiceAccount kube-system/calico-node'),
  )!;
  assert.equal(token.severity, 'high');
  assert.match(token.message, /names: calico-cni-plugin/);
});
