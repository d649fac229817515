/** The policy view: aggregation to a fixpoint, problems reported, subjects and resources resolved as kubectl does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize } from '../../src/rbac/authorizer.js';
import { buildRequest } from '../../src/rbac/query.js';
import { BUILTIN_RESOURCES, resolveResource } from '../../src/rbac/resources.js';
import { ruleToJson } from '../../src/rbac/rules.js';
import { impersonatedUser, parseSubjectSpec, serviceAccountUser, userForSpec } from '../../src/rbac/subjects.js';
import type { Request } from '../../src/rbac/types.js';
import { binding, clusterRole, policyOf, role } from './fixtures.js';

const agg = (key: string) => ({ clusterRoleSelectors: [{ matchLabels: { [key]: 'true' } }] });

test('aggregation is transitive, ordered by selector then name, deduplicated, and overwrites declared rules', () => {
  const policy = policyOf([
    clusterRole({
      name: 'top',
      rules: [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }],
      aggregationRule: agg('to-top'),
    }),
    clusterRole({ name: 'mid', rules: null, labels: { 'to-top': 'true' }, aggregationRule: agg('to-mid') }),
    clusterRole({
      name: 'b-leaf',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
      labels: { 'to-mid': 'true' },
    }),
    clusterRole({
      name: 'a-leaf',
      rules: [
        { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      ],
      labels: { 'to-mid': 'true', 'to-top': 'true' },
    }),
  ]);
  const rules = (name: string) => policy.clusterRoles.get(name)!.rules.map((r) => ruleToJson(r).verbs!.join());
  // mid: a-leaf's rules then b-leaf's (its get is already there).
  assert.deepEqual(rules('mid'), ['list', 'get']);
  // top: a-leaf (sorted before mid) then mid's rules, each once; its own declared delete rule is gone.
  assert.deepEqual(rules('top'), ['list', 'get']);
  assert.deepEqual(policy.clusterRoles.get('top')!.aggregatedFrom, ['a-leaf', 'mid']);
  assert.deepEqual(policy.problems, []);
});

test('aggregation selectors: matchExpressions, and a malformed selector matches nothing (reported)', () => {
  const policy = policyOf([
    clusterRole({
      name: 'agg',
      rules: null,
      aggregationRule: {
        clusterRoleSelectors: [
          {
            matchExpressions: [
              { key: 'tier', operator: 'In', values: ['gold', 'silver'] },
              { key: 'off', operator: 'DoesNotExist' },
            ],
          },
          { matchExpressions: [{ key: 'x', operator: 'Bogus' }] },
        ],
      },
    }),
    clusterRole({
      name: 'gold',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['a'] }],
      labels: { tier: 'gold' },
    }),
    clusterRole({
      name: 'off',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['b'] }],
      labels: { tier: 'gold', off: '' },
    }),
    clusterRole({
      name: 'bronze',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['c'] }],
      labels: { tier: 'bronze' },
    }),
  ]);
  assert.deepEqual(policy.clusterRoles.get('agg')!.aggregatedFrom, ['gold']);
  assert.equal(policy.problems.length, 1);
  assert.match(policy.problems[0]!.message, /"Bogus" is not a valid label selector operator/);
});

test('roles aggregating each other settle as the controller would, in name order', () => {
  const policy = policyOf([
    clusterRole({
      name: 'a',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['x'] }],
      labels: { b: 'true' },
      aggregationRule: agg('a'),
    }),
    clusterRole({
      name: 'b',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['y'] }],
      labels: { a: 'true' },
      aggregationRule: agg('b'),
    }),
  ]);
  // a takes b's rules (y), then b takes a's new rules (y): stable.
  assert.deepEqual(
    policy.clusterRoles.get('a')!.rules.map((r) => r.resources[0]),
    ['y'],
  );
  assert.deepEqual(
    policy.clusterRoles.get('b')!.rules.map((r) => r.resources[0]),
    ['y'],
  );
});

test('problems: missing roles, a ClusterRoleBinding to a Role, namespace-less service accounts, unknown kinds', () => {
  const policy = policyOf([
    role({ name: 'r', namespace: 'ns', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }),
    binding({
      name: 'to-ghost',
      namespace: 'ns',
      roleRef: { kind: 'Role', name: 'ghost' },
      subjects: [{ kind: 'User', name: 'u' }],
    }),
    binding({ name: 'to-role', roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }] }),
    binding({
      name: 'odd',
      roleRef: { kind: 'ClusterRole', name: 'nothing' },
      subjects: [
        { kind: 'ServiceAccount', name: 'sa' },
        { kind: 'Robot', name: 'r2' },
      ],
    }),
  ]);
  const messages = policy.problems.map((p) => `${p.type} ${p.object}: ${p.message}`);
  assert.equal(messages.length, 5);
  assert.match(messages[0]!, /^invalid ClusterRoleBinding\/to-role: a ClusterRoleBinding cannot reference a Role/);
  assert.match(messages[1]!, /^missing-role ClusterRoleBinding\/odd: binds ClusterRole nothing/);
  assert.match(messages[2]!, /ServiceAccount subject "sa" has no namespace/);
  assert.match(messages[3]!, /subject kind "Robot"/);
  assert.match(messages[4]!, /^missing-role RoleBinding\/ns\/to-ghost: binds Role ns\/ghost/);
  // Nothing is granted, and nothing crashes.
  const u = impersonatedUser('u');
  const req = {
    resourceRequest: true as const,
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    name: '',
    namespace: 'ns',
  };
  assert.equal(authorize(policy, u, req).allowed, false);
});

test('subjects as kubectl --as: service accounts carry their groups, anonymous is unauthenticated', () => {
  const spec = parseSubjectSpec('system:serviceaccount:a:b');
  assert.ok(!('error' in spec));
  assert.deepEqual(userForSpec(spec), serviceAccountUser('a', 'b'));
  assert.deepEqual(impersonatedUser('system:serviceaccount:a:b', ['g']), {
    name: 'system:serviceaccount:a:b',
    groups: ['g', 'system:authenticated'],
  });
  assert.deepEqual(impersonatedUser('system:anonymous'), {
    name: 'system:anonymous',
    groups: ['system:unauthenticated'],
  });
  assert.deepEqual(impersonatedUser('x', ['system:unauthenticated']).groups, ['system:unauthenticated']);
  assert.deepEqual(parseSubjectSpec('ServiceAccount:ns/name'), {
    kind: 'ServiceAccount',
    namespace: 'ns',
    name: 'name',
  });
  assert.deepEqual(parseSubjectSpec('Group:devs'), { kind: 'Group', name: 'devs' });
  assert.ok('error' in parseSubjectSpec('system:serviceaccount:ns'));
});

test('resources resolve like kubectl: plural, singular, kind, short name, group, version, subresource', () => {
  const r = (text: string) => {
    const x = resolveResource(text);
    return `${x.resource}.${x.group}/${x.subresource}`;
  };
  assert.equal(r('pods'), 'pods./');
  assert.equal(r('pod/exec'), 'pods./exec');
  assert.equal(r('Deployment'), 'deployments.apps/');
  assert.equal(r('deploy/scale'), 'deployments.apps/scale');
  assert.equal(r('deployments.v1.apps'), 'deployments.apps/');
  assert.equal(r('deployments.extensions'), 'deployments.extensions/');
  assert.equal(r('netpol'), 'networkpolicies.networking.k8s.io/');
  assert.equal(r('events'), 'events./'); // the core group first, as kubectl
  assert.equal(r('events.events.k8s.io'), 'events.events.k8s.io/');
  assert.equal(r('widgets.example.com'), 'widgets.example.com/');
  assert.equal(r('*/scale'), '*./scale');
  assert.ok(BUILTIN_RESOURCES.every((x) => x.resource === x.resource.toLowerCase()));
});

test('requests: cluster-scoped resources are asked cluster-wide, get namespaces X in namespace X', () => {
  const ask = (verb: string, resource: string, extra: Record<string, string | boolean> = {}) =>
    buildRequest({ verb, resource, defaultNamespace: 'default', ...extra }, BUILTIN_RESOURCES);
  const nodes = ask('get', 'nodes', { namespace: 'team' });
  assert.equal(nodes.request.resourceRequest && nodes.request.namespace, '');
  assert.match(nodes.warnings[0]!, /cluster-scoped/);
  const ns = ask('get', 'namespaces', { name: 'team' });
  assert.equal(ns.request.resourceRequest && ns.request.namespace, 'team');
  const nsOf = (r: Request): string | undefined => (r.resourceRequest ? r.namespace : undefined);
  assert.equal(nsOf(ask('list', 'namespaces').request), '');
  assert.equal(nsOf(ask('get', 'pods').request), 'default');
  const all = ask('get', 'pods', { allNamespaces: true });
  assert.equal(all.allNamespaces, true);
  assert.deepEqual(ask('get', '/healthz').request, { resourceRequest: false, verb: 'get', path: '/healthz' });
  assert.match(ask('get', 'pods/bogus').warnings[0]!, /not a known subresource/);
});
