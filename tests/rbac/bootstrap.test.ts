/**
 * The embedded default policy: it equals the upstream golden files, aggregation gives admin/edit/view their upstream
 * rules, and the facts every Kubernetes user should know about them hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { authorize } from '../../src/rbac/authorizer.js';
import { BOOTSTRAP_POLICY } from '../../src/rbac/bootstrap-policy.js';
import { buildPolicy, type RbacPolicy } from '../../src/rbac/policy.js';
import { ruleToJson } from '../../src/rbac/rules.js';
import { serviceAccountUser, impersonatedUser } from '../../src/rbac/subjects.js';
import type { ResourceRequest } from '../../src/rbac/types.js';
import { sharedRoot } from '../helpers.js';
import { readBootstrapFiles } from './bootstrap-source.js';
import { binding, kubeObject } from './fixtures.js';

const dir = path.join(sharedRoot, 'conformance/rbac');

/** JSON with object keys sorted, so that documents differing only in key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

test('the embedded default policy equals the upstream golden files', () => {
  assert.equal(canonical(BOOTSTRAP_POLICY), canonical(readBootstrapFiles(dir)));
});

test('the default policy resolves: no dangling bindings, no problems', () => {
  const policy = buildPolicy([]);
  assert.equal(policy.defaults, 'added');
  assert.deepEqual(policy.problems, []);
  for (const b of [...policy.clusterRoleBindings, ...policy.roleBindings]) assert.ok(b.role, b.name);
  assert.ok(policy.addedDefaults.every((o) => o.implied && o.input === 'implied'));
});

test('aggregation gives admin, edit and view the rules of aggregated-admin-edit-view.json, in order', () => {
  const expected = JSON.parse(readFileSync(path.join(dir, 'aggregated-admin-edit-view.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  const policy = buildPolicy([]);
  for (const name of ['admin', 'edit', 'view']) {
    const rules = policy.clusterRoles.get(name)!.rules.map(ruleToJson);
    assert.equal(canonical(rules), canonical(expected[name]), name);
  }
  assert.equal(policy.clusterRoles.get('view')!.rules.length, 10);
  assert.equal(policy.clusterRoles.get('edit')!.rules.length, 23);
  assert.equal(policy.clusterRoles.get('admin')!.rules.length, 25);
  assert.deepEqual(policy.clusterRoles.get('admin')!.aggregatedFrom, ['edit', 'system:aggregate-to-admin']);
});

/** A policy with the defaults and alice bound to `role` in namespace team. */
function withRoleInTeam(role: string): RbacPolicy {
  return buildPolicy([
    binding({
      name: `alice-${role}`,
      namespace: 'team',
      roleRef: { kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'User', name: 'alice' }],
    }),
  ]);
}

function request(verb: string, apiGroup: string, combined: string, namespace = 'team', name = ''): ResourceRequest {
  const [resource, subresource = ''] = combined.split('/');
  return { resourceRequest: true, verb, apiGroup, resource: resource!, subresource, name, namespace };
}

test('default-role-escalation-matrix.json: every row holds for view, edit and admin bound in a namespace', () => {
  const rows = JSON.parse(readFileSync(path.join(dir, 'default-role-escalation-matrix.json'), 'utf8')) as {
    verb: string;
    apiGroup: string;
    resource: string;
    view: boolean;
    edit: boolean;
    admin: boolean;
  }[];
  assert.equal(rows.length, 20);
  const alice = impersonatedUser('alice');
  for (const role of ['view', 'edit', 'admin'] as const) {
    const policy = withRoleInTeam(role);
    for (const row of rows) {
      const got = authorize(policy, alice, request(row.verb, row.apiGroup, row.resource)).allowed;
      assert.equal(got, row[role], `${role}: ${row.verb} ${row.resource}`);
    }
  }
});

test('edit and admin in a namespace read secrets, impersonate service accounts, mint tokens and exec; view does none', () => {
  const alice = impersonatedUser('alice');
  const facts: [string, string, string][] = [
    ['get', '', 'secrets'],
    ['list', '', 'secrets'],
    ['watch', '', 'secrets'],
    ['impersonate', '', 'serviceaccounts'],
    ['create', '', 'serviceaccounts/token'],
    ['create', '', 'pods/exec'],
    ['get', '', 'pods/exec'],
    ['create', '', 'pods'],
    ['create', 'apps', 'deployments'],
  ];
  for (const role of ['view', 'edit', 'admin']) {
    const policy = withRoleInTeam(role);
    for (const [verb, group, resource] of facts) {
      assert.equal(
        authorize(policy, alice, request(verb, group, resource)).allowed,
        role !== 'view',
        `${role} ${verb} ${resource}`,
      );
      // Only in the binding's namespace.
      assert.equal(authorize(policy, alice, request(verb, group, resource, 'other')).allowed, false);
    }
    // view can read pods, and nobody of the three can bind, escalate or patch namespaces.
    assert.equal(authorize(policy, alice, request('get', '', 'pods')).allowed, true);
    assert.equal(authorize(policy, alice, request('bind', 'rbac.authorization.k8s.io', 'clusterroles')).allowed, false);
    assert.equal(authorize(policy, alice, request('escalate', 'rbac.authorization.k8s.io', 'roles')).allowed, false);
  }
  // Reading one's own namespace: GET /api/v1/namespaces/team carries namespace team.
  assert.equal(
    authorize(withRoleInTeam('view'), alice, request('get', '', 'namespaces', 'team', 'team')).allowed,
    true,
  );
  assert.equal(authorize(withRoleInTeam('view'), alice, request('list', '', 'namespaces', '')).allowed, false);
});

test('default bindings: system:masters is cluster-admin, every user discovers, service accounts read the issuer', () => {
  const policy = buildPolicy([]);
  const admin = impersonatedUser('x', ['system:masters']);
  assert.equal(authorize(policy, admin, request('delete', '*', 'nodes', '')).allowed, true);
  const bob = impersonatedUser('bob');
  assert.equal(authorize(policy, bob, { resourceRequest: false, verb: 'get', path: '/version' }).allowed, true);
  assert.equal(authorize(policy, bob, { resourceRequest: false, verb: 'get', path: '/metrics' }).allowed, false);
  assert.equal(
    authorize(policy, bob, request('create', 'authorization.k8s.io', 'selfsubjectaccessreviews', '')).allowed,
    true,
  );
  const sa = serviceAccountUser('team', 'app');
  assert.equal(
    authorize(policy, sa, { resourceRequest: false, verb: 'get', path: '/.well-known/openid-configuration' }).allowed,
    true,
  );
  assert.equal(authorize(policy, sa, request('get', '', 'secrets')).allowed, false);
  // The controllers' service accounts are bound: the namespace controller may delete anything.
  const nsController = serviceAccountUser('kube-system', 'namespace-controller');
  assert.equal(authorize(policy, nsController, request('delete', 'apps', 'deployments', 'team')).allowed, true);
});

test('defaults: the input wins per object, a live dump keeps its own policy, and --no-default-rbac adds none', () => {
  const own = kubeObject({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'view' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  const policy = buildPolicy([own]);
  assert.equal(policy.clusterRoles.get('view')!.object, own);
  assert.equal(policy.clusterRoles.get('view')!.rules.length, 1);
  assert.ok(policy.clusterRoles.get('edit')!.object.implied);

  const dumped = kubeObject({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  });
  const live = buildPolicy([dumped]);
  assert.equal(live.defaults, 'in-input');
  assert.equal(live.clusterRoles.size, 1);

  const off = buildPolicy([own], { defaultRbac: false });
  assert.equal(off.defaults, 'off');
  assert.equal(off.clusterRoles.size, 1);
  assert.equal(off.clusterRoleBindings.length, 0);
});
