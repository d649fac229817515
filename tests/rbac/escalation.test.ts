/**
 * The escalation catalogue: who holds which capability, that resourceNames limit what a permission reaches, and the
 * chains that make a subject cluster-admin equivalent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadInventory } from '../../src/inventory/load.js';
import { analyzeRbac, type RbacAnalysis } from '../../src/rbac/analysis.js';
import { CAPABILITIES } from '../../src/rbac/capabilities.js';
import { chainFrom, CLUSTER_ADMIN, type CapabilityGrant } from '../../src/rbac/escalation.js';
import { findingsOf } from '../../src/rbac/findings.js';
import type { RbacOptions } from '../../src/rbac/policy.js';
import { tempTree } from '../helpers.js';

const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';

async function analyze(yaml: string, options: RbacOptions = {}): Promise<RbacAnalysis> {
  const root = tempTree({ 'input.yaml': yaml });
  const inventory = await loadInventory([root]);
  assert.deepEqual(inventory.errors, []);
  return analyzeRbac(inventory, options);
}

function clusterRole(name: string, rules: string): string {
  return `${RBAC}\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules:\n${rules}\n---\n`;
}
function role(ns: string, name: string, rules: string): string {
  return `${RBAC}\nkind: Role\nmetadata: {name: ${name}, namespace: ${ns}}\nrules:\n${rules}\n---\n`;
}
function crb(name: string, roleName: string, subject: string): string {
  return `${RBAC}\nkind: ClusterRoleBinding\nmetadata: {name: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName}}\nsubjects: [${subject}]\n---\n`;
}
function rb(ns: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subject: string): string {
  return `${RBAC}\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${roleName}}\nsubjects: [${subject}]\n---\n`;
}
const sa = (ns: string, name: string): string => `{kind: ServiceAccount, name: ${name}, namespace: ${ns}}`;
const user = (name: string): string => `{kind: User, name: ${name}}`;

function grantsOf(a: RbacAnalysis, holder: string): CapabilityGrant[] {
  return a.escalation().grants.filter((g) => g.holder === holder);
}
function has(a: RbacAnalysis, holder: string, capability: string, scope?: string): CapabilityGrant | undefined {
  return grantsOf(a, holder).find(
    (g) =>
      g.capability === capability &&
      (scope === undefined ||
        (g.scope.kind === 'namespace' ? g.scope.namespace : g.scope.kind === 'cluster' ? 'cluster' : '*') === scope),
  );
}
const equivalent = (a: RbacAnalysis, id: string): boolean => a.escalation().distance.has(id);

test('the catalogue: one entry per capability, stable check ids, each with what it enables', () => {
  const ids = CAPABILITIES.map((c) => c.checkId);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of CAPABILITIES) {
    assert.match(c.checkId, /^RBAC-[A-Z-]+$/);
    assert.ok(c.enables.length > 20 && c.remediation.length > 10, c.id);
  }
});

test('edit and admin bound in a namespace read secrets, impersonate and mint service accounts and exec; view none', async () => {
  const a = await analyze(
    rb('team', 'v', 'ClusterRole', 'view', user('viewer')) +
      rb('team', 'e', 'ClusterRole', 'edit', user('editor')) +
      rb('team', 'a', 'ClusterRole', 'admin', user('admin')) +
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: deployer, namespace: team}\n',
  );
  for (const who of ['User:editor', 'User:admin']) {
    for (const cap of ['READ_SECRETS', 'IMPERSONATE', 'SA_TOKEN', 'POD_EXEC', 'CREATE_POD', 'CREATE_WORKLOAD']) {
      const g = has(a, who, cap, 'team');
      assert.ok(g, `${who} ${cap}`);
      assert.equal(g.names, 'all');
    }
    // Impersonating or minting tokens reaches the namespace's service accounts.
    assert.deepEqual(has(a, who, 'SA_TOKEN', 'team')!.targets, ['AnySA:team']);
  }
  assert.deepEqual(grantsOf(a, 'User:viewer'), []);
  assert.equal(has(a, 'User:editor', 'BIND'), undefined);
  assert.ok(has(a, 'User:admin', 'MODIFY_ROLES', 'team'));
  // With the controllers' service accounts of the default policy in kube-system, none of this leaves team.
  assert.equal(equivalent(a, 'User:editor'), false);
});

test('edit in kube-system is cluster-admin equivalent through the controllers service accounts', async () => {
  const a = await analyze(rb('kube-system', 'e', 'ClusterRole', 'edit', user('ops')));
  const chain = chainFrom(a.escalation(), 'User:ops');
  assert.ok(chain);
  assert.equal(chain.at(-1)!.to, CLUSTER_ADMIN);
  assert.match(chain[0]!.because, /in namespace kube-system via RoleBinding kube-system\/e → ClusterRole edit/);
  // Without the default policy there is nobody in kube-system to become.
  const bare = await analyze(rb('kube-system', 'e', 'ClusterRole', 'edit', user('ops')), { defaultRbac: false });
  assert.equal(equivalent(bare, 'User:ops'), false);
});

test('resourceNames: a token request limited to one account reaches that account only', async () => {
  const a = await analyze(
    clusterRole(
      'tok',
      `- {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create], resourceNames: [weak]}`,
    ) +
      crb('tok', 'tok', sa('ops', 'minter')) +
      clusterRole('boss', `- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}`) +
      crb('boss', 'boss', sa('ops', 'strong')) +
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: weak, namespace: ops}\n---\n' +
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: strong, namespace: ops}\n',
  );
  const g = has(a, 'ServiceAccount:ops/minter', 'SA_TOKEN', '*')!;
  assert.deepEqual(g.names, ['weak']);
  assert.deepEqual(g.targets, ['ServiceAccount:ops/weak']);
  assert.equal(equivalent(a, 'ServiceAccount:ops/minter'), false);

  // The same permission naming the strong account is one step from full control.
  const b = await analyze(
    clusterRole(
      'tok',
      `- {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create], resourceNames: [strong]}`,
    ) +
      crb('tok', 'tok', sa('ops', 'minter')) +
      clusterRole('boss', `- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}`) +
      crb('boss', 'boss', sa('ops', 'strong')),
  );
  const chain = chainFrom(b.escalation(), 'ServiceAccount:ops/minter')!;
  assert.deepEqual(
    chain.map((s) => s.to),
    ['ServiceAccount:ops/strong', CLUSTER_ADMIN],
  );
});

test('resourceNames: exec limited to named pods reaches the service accounts of those pods only', async () => {
  const pod = (name: string, account: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: app}\nspec: {serviceAccountName: ${account}, containers: [{name: c, image: x}]}\n---\n`;
  const a = await analyze(
    role('app', 'debug', `- {apiGroups: [""], resources: [pods/exec], verbs: [create], resourceNames: [web]}`) +
      rb('app', 'debug', 'Role', 'debug', user('dev')) +
      pod('web', 'web-sa') +
      pod('db', 'db-sa'),
  );
  assert.deepEqual(has(a, 'User:dev', 'POD_EXEC', 'app')!.targets, ['ServiceAccount:app/web-sa']);
  const all = await analyze(
    role('app', 'debug', `- {apiGroups: [""], resources: [pods/exec], verbs: [get]}`) +
      rb('app', 'debug', 'Role', 'debug', user('dev')) +
      pod('web', 'web-sa') +
      pod('db', 'db-sa'),
  );
  // get is enough (the websocket path), and unlimited it reaches every pod of the namespace.
  assert.deepEqual(has(all, 'User:dev', 'POD_EXEC', 'app')!.targets, ['PodSA:app']);
  const reached = all
    .escalation()
    .edges.get('PodSA:app')!
    .map((e) => e.to);
  assert.deepEqual(reached.sort(), ['ServiceAccount:app/db-sa', 'ServiceAccount:app/web-sa']);
});

test('bind: binding cluster-admin to oneself is full control; binding view is not', async () => {
  const bindRole = (names: string): string =>
    clusterRole(
      'binder',
      `- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [${names}]}\n- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}`,
    ) + crb('binder', 'binder', user('b'));
  const a = await analyze(bindRole('view'));
  assert.deepEqual(has(a, 'User:b', 'BIND', 'cluster')!.targets, ['Grant:ClusterRole/view@cluster']);
  assert.equal(equivalent(a, 'User:b'), false);
  const b = await analyze(bindRole('cluster-admin'));
  assert.deepEqual(
    chainFrom(b.escalation(), 'User:b')!.map((s) => s.to),
    ['Grant:ClusterRole/cluster-admin@cluster', CLUSTER_ADMIN],
  );
});

test('escalate with update on a role bound to oneself is full control', async () => {
  const a = await analyze(
    clusterRole(
      'self',
      `- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update], resourceNames: [self]}`,
    ) + crb('self', 'self', user('e')),
  );
  assert.deepEqual(has(a, 'User:e', 'ESCALATE', 'cluster')!.targets, [CLUSTER_ADMIN]);
  // Limited to another role's name, it reaches nothing of its own.
  const b = await analyze(
    clusterRole(
      'self',
      `- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update], resourceNames: [other]}`,
    ) + crb('self', 'self', user('e')),
  );
  assert.deepEqual(has(b, 'User:e', 'ESCALATE', 'cluster')!.targets, []);
});

test('impersonation: groups reach system:masters; named groups and users only those', async () => {
  const imp = (resource: string, names?: string): string =>
    clusterRole(
      'imp',
      `- {apiGroups: [""], resources: [${resource}], verbs: [impersonate]${names ? `, resourceNames: [${names}]` : ''}}`,
    ) + crb('imp', 'imp', user('i'));
  assert.deepEqual(has(await analyze(imp('groups')), 'User:i', 'IMPERSONATE')!.targets, [CLUSTER_ADMIN]);
  const named = await analyze(imp('groups', 'devs') + crb('devs', 'view', '{kind: Group, name: devs}'));
  assert.deepEqual(has(named, 'User:i', 'IMPERSONATE')!.targets, ['Group:devs']);
  assert.equal(equivalent(named, 'User:i'), false);
  const users = await analyze(imp('users', 'root') + crb('root', 'cluster-admin', user('root')));
  assert.deepEqual(
    chainFrom(users.escalation(), 'User:i')!.map((s) => s.to),
    ['User:root', CLUSTER_ADMIN],
  );
});

test('CSR approval for the kube-apiserver-client signer mints system:masters certificates', async () => {
  const csr = (signer: string): string =>
    clusterRole(
      'csr',
      `- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get]}
- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
- {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: [${signer}]}`,
    ) + crb('csr', 'csr', user('c'));
  assert.deepEqual(has(await analyze(csr('kubernetes.io/kube-apiserver-client')), 'User:c', 'CSR_SIGN')!.targets, [
    CLUSTER_ADMIN,
  ]);
  assert.deepEqual(has(await analyze(csr('example.com/internal')), 'User:c', 'CSR_SIGN')!.targets, []);
});

test('nodes/proxy get reaches the pods of the named nodes; secrets list reaches legacy token secrets', async () => {
  const a = await analyze(
    clusterRole('np', `- {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}`) +
      crb('np', 'np', user('kubelet-debugger')) +
      role('ci', 'lister', `- {apiGroups: [""], resources: [secrets], verbs: [list]}`) +
      rb('ci', 'lister', 'Role', 'lister', user('l')) +
      `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata: {name: deployer-token, namespace: ci, annotations: {kubernetes.io/service-account.name: deployer}}\n---\n` +
      crb('deployer', 'cluster-admin', sa('ci', 'deployer')),
  );
  assert.deepEqual(has(a, 'User:kubelet-debugger', 'NODE_PROXY', 'cluster')!.targets, ['PodSA:*']);
  assert.deepEqual(has(a, 'User:l', 'READ_SECRETS', 'ci')!.targets, ['ServiceAccount:ci/deployer']);
  assert.deepEqual(
    chainFrom(a.escalation(), 'User:l')!.map((s) => s.to),
    ['ServiceAccount:ci/deployer', CLUSTER_ADMIN],
  );
});

test('the aws-auth ConfigMap is full control only where the input shows EKS', async () => {
  const rules =
    role(
      'kube-system',
      'cm',
      `- {apiGroups: [""], resources: [configmaps], verbs: [patch], resourceNames: [aws-auth]}`,
    ) + rb('kube-system', 'cm', 'Role', 'cm', user('aws'));
  const plain = await analyze(rules);
  assert.deepEqual(has(plain, 'User:aws', 'AWS_AUTH', 'kube-system')!.targets, []);
  const eks = await analyze(
    rules +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata: {mapRoles: ""}\n',
  );
  assert.deepEqual(has(eks, 'User:aws', 'AWS_AUTH', 'kube-system')!.targets, [CLUSTER_ADMIN]);
});

test('a RoleBinding granting patch on namespaces relabels its own namespace only', async () => {
  const a = await analyze(
    role('team', 'ns', `- {apiGroups: [""], resources: [namespaces], verbs: [patch]}`) +
      rb('team', 'ns', 'Role', 'ns', user('t')),
  );
  assert.equal(has(a, 'User:t', 'NAMESPACE_LABELS', 'team')?.detail, 'update/patch namespace team');
});

test('findings: one per risky grant at the binding, chains named, defaults and group grants not repeated', async () => {
  const root = tempTree({
    'rbac.yaml':
      rb('kube-system', 'ops-edit', 'ClusterRole', 'edit', user('ops')) +
      rb('team', 'all-sa', 'ClusterRole', 'view', '{kind: Group, name: system:serviceaccounts:team}') +
      crb('bad', 'ghost', user('x')),
  });
  const inventory = await loadInventory([root]);
  const findings = findingsOf(analyzeRbac(inventory));
  const ops = findings.filter((f) => f.message.startsWith('User ops'));
  assert.ok(ops.some((f) => f.checkId === 'RBAC-READ-SECRETS' && f.severity === 'medium'));
  const chain = ops.find((f) => f.checkId === 'RBAC-CLUSTER-ADMIN-EQUIVALENT')!;
  assert.equal(chain.severity, 'critical');
  assert.equal(chain.location, `${root}/rbac.yaml:1`);
  assert.deepEqual(chain.object, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    namespace: 'kube-system',
    name: 'ops-edit',
  });
  const missing = findings.find((f) => f.checkId === 'RBAC-MISSING-ROLE')!;
  assert.match(missing.message, /ClusterRoleBinding\/bad: binds ClusterRole ghost, which does not exist/);
  // The default policy's own grants (system:masters, the controllers) are not the input's findings.
  assert.ok(findings.every((f) => !f.location!.startsWith('kubernetes-default-rbac/')));
  // view grants nothing risky, to the group or to its members.
  assert.ok(findings.every((f) => !f.message.includes('system:serviceaccounts:team')));
  const all = findingsOf(analyzeRbac(inventory), { includeDefaultBindings: true });
  assert.ok(all.some((f) => f.location!.startsWith('kubernetes-default-rbac/')));
});
