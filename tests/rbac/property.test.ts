/**
 * For random roles, bindings, users and requests, the subject index answers exactly as the direct authorizer walk
 * (every ClusterRoleBinding, then the namespace's RoleBindings, rule by rule): the decision, the binding and rule it
 * names, the rules a user holds, and who-can.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonObject } from '../../src/inventory/json.js';
import type { KubeObject } from '../../src/inventory/types.js';
import { authorize, rulesFor } from '../../src/rbac/authorizer.js';
import { buildPolicy } from '../../src/rbac/policy.js';
import { buildIndex } from '../../src/rbac/subject-index.js';
import { appliesToUser } from '../../src/rbac/subjects.js';
import type { Request, UserInfo } from '../../src/rbac/types.js';
import { binding, clusterRole, role } from './fixtures.js';

const NAMESPACES = ['n0', 'n1'];
const sub = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

const resourceRule = fc.record({
  verbs: sub(['get', 'list', 'create', 'update', 'bind', 'escalate', 'impersonate', '*']),
  apiGroups: sub(['', 'apps', 'rbac.authorization.k8s.io', '*']),
  resources: sub(['pods', 'pods/exec', 'pods/*', '*/scale', 'deployments', 'deployments/scale', 'secrets', '*']),
  resourceNames: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.subarray(['a', 'b'], { minLength: 1 })),
});
const urlRule = fc.record({
  verbs: sub(['get', 'post', '*']),
  nonResourceURLs: sub(['/metrics', '/api/*', '/api', '/*', '*']),
});
const rule = fc.oneof(resourceRule, urlRule) as fc.Arbitrary<JsonObject>;
const rules = fc.array(rule, { maxLength: 4 });

const subject = fc.oneof(
  fc.record({ kind: fc.constant('User'), name: fc.constantFrom('u0', 'u1', '*', 'system:serviceaccount:n0:s0') }),
  fc.record({
    kind: fc.constant('Group'),
    name: fc.constantFrom('g0', 'g1', 'system:serviceaccounts', 'system:serviceaccounts:n1', 'system:authenticated'),
  }),
  fc.record({
    kind: fc.constant('ServiceAccount'),
    name: fc.constantFrom('s0', 's1'),
    namespace: fc.constantFrom(...NAMESPACES),
  }),
  fc.record({ kind: fc.constant('ServiceAccount'), name: fc.constantFrom('s0', 's1') }),
  fc.record({ kind: fc.constant('Robot'), name: fc.constant('u0') }),
) as fc.Arbitrary<JsonObject>;

interface World {
  clusterRoles: { name: string; rules: JsonObject[]; labels: Record<string, string>; aggregate: boolean }[];
  roles: { name: string; namespace: string; rules: JsonObject[] }[];
  bindings: { namespace: string | null; ref: ['Role' | 'ClusterRole', string]; subjects: JsonObject[] }[];
}

const world: fc.Arbitrary<World> = fc.record({
  clusterRoles: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('c0', 'c1', 'c2', 'c3'),
      rules,
      labels: fc.constantFrom<Record<string, string>>({}, { agg: 'true' }),
      aggregate: fc.boolean(),
    }),
    { selector: (r) => r.name, minLength: 1, maxLength: 4 },
  ),
  roles: fc.uniqueArray(
    fc.record({ name: fc.constantFrom('r0', 'r1'), namespace: fc.constantFrom(...NAMESPACES), rules }),
    { selector: (r) => `${r.namespace}/${r.name}`, maxLength: 4 },
  ),
  bindings: fc.array(
    fc.record({
      namespace: fc.constantFrom(null, ...NAMESPACES),
      ref: fc.constantFrom<['Role' | 'ClusterRole', string]>(
        ['ClusterRole', 'c0'],
        ['ClusterRole', 'c1'],
        ['ClusterRole', 'c2'],
        ['Role', 'r0'],
        ['Role', 'r1'],
        ['ClusterRole', 'missing'],
        ['Role', 'c0'],
      ),
      subjects: fc.array(subject, { maxLength: 3 }),
    }),
    { maxLength: 10 },
  ),
});

function objects(w: World): KubeObject[] {
  return [
    ...w.clusterRoles.map((r) =>
      clusterRole({
        name: r.name,
        rules: r.rules,
        labels: r.labels,
        ...(r.aggregate ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] } } : {}),
      }),
    ),
    ...w.roles.map((r) => role({ name: r.name, namespace: r.namespace, rules: r.rules })),
    ...w.bindings.map((b, i) =>
      binding({
        name: `b${i}`,
        ...(b.namespace !== null ? { namespace: b.namespace } : {}),
        roleRef: { kind: b.ref[0], name: b.ref[1] },
        subjects: b.subjects,
      }),
    ),
  ];
}

const user: fc.Arbitrary<UserInfo> = fc.record({
  name: fc.constantFrom('u0', 'u1', 'system:serviceaccount:n0:s0', 'system:serviceaccount:n1:s1', ''),
  groups: fc.subarray([
    'g0',
    'g1',
    'system:serviceaccounts',
    'system:serviceaccounts:n0',
    'system:serviceaccounts:n1',
    'system:authenticated',
  ]),
});

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({
    resourceRequest: fc.constant(true as const),
    verb: fc.constantFrom('get', 'list', 'create', 'bind', 'escalate', '*'),
    apiGroup: fc.constantFrom('', 'apps', 'rbac.authorization.k8s.io', '*'),
    resource: fc.constantFrom('pods', 'deployments', 'secrets', 'roles', '*'),
    subresource: fc.constantFrom('', 'exec', 'scale', '*', 'status'),
    name: fc.constantFrom('', 'a', 'b', 'c'),
    namespace: fc.constantFrom('', ...NAMESPACES),
  }),
  fc.record({
    resourceRequest: fc.constant(false as const),
    verb: fc.constantFrom('get', 'post'),
    path: fc.constantFrom('/metrics', '/api', '/api/v1', '/apis', '/', ''),
  }),
);

/** Requests and users drawn from the world itself half of the time, so that many questions are allowed. */
function questionsFor(w: World): fc.Arbitrary<[UserInfo, Request][]> {
  const allRules = [...w.clusterRoles, ...w.roles].flatMap((r) => r.rules);
  const subjects = w.bindings.flatMap((b) => b.subjects.map((s) => ({ s, ns: b.namespace ?? '' })));
  const fromRule: fc.Arbitrary<Request> =
    allRules.length === 0
      ? request
      : fc
          .tuple(fc.constantFrom(...allRules), fc.constantFrom('', ...NAMESPACES), fc.constantFrom('', 'a', 'b'))
          .chain(([r, namespace, name]): fc.Arbitrary<Request> => {
            const pick = (key: string, fallback: string): fc.Arbitrary<string> => {
              const list = (r[key] as string[] | undefined) ?? [];
              return list.length > 0 ? fc.constantFrom(...list) : fc.constant(fallback);
            };
            if (r['nonResourceURLs']) {
              return fc.record({
                resourceRequest: fc.constant(false as const),
                verb: pick('verbs', 'get'),
                path: pick('nonResourceURLs', '/').map((u) => u.replace(/\*$/, 'x')),
              });
            }
            return fc
              .record({
                verb: pick('verbs', 'get'),
                apiGroup: pick('apiGroups', ''),
                resource: pick('resources', 'pods'),
              })
              .map(({ verb, apiGroup, resource }) => ({
                resourceRequest: true as const,
                verb,
                apiGroup,
                resource: resource.split('/')[0]!,
                subresource: resource.split('/')[1] ?? '',
                name,
                namespace,
              }));
          });
  const fromSubject: fc.Arbitrary<UserInfo> =
    subjects.length === 0
      ? user
      : fc.tuple(fc.constantFrom(...subjects), user).map(([{ s, ns }, u]) => {
          const name = String(s['name']);
          if (s['kind'] === 'Group') return { name: u.name, groups: [...u.groups, name] };
          if (s['kind'] === 'ServiceAccount') {
            return { name: `system:serviceaccount:${String(s['namespace'] ?? ns) || 'n0'}:${name}`, groups: u.groups };
          }
          return { name, groups: u.groups };
        });
  return fc.array(fc.tuple(fc.oneof(user, fromSubject), fc.oneof(request, fromRule)), { minLength: 1, maxLength: 12 });
}

const key = (r: { binding: { ordinal: number }; ruleIndex: number }): string => `${r.binding.ordinal}:${r.ruleIndex}`;

test('the index decides as the direct authorizer, naming the same binding and rule', () => {
  const seen = { allowed: 0, denied: 0 };
  fc.assert(
    fc.property(
      world.chain((w) => fc.tuple(fc.constant(w), questionsFor(w))),
      ([w, questions]) => {
        const policy = buildPolicy(objects(w), { defaultRbac: false });
        const index = buildIndex(policy);
        for (const [u, r] of questions) {
          const direct = authorize(policy, u, r);
          const indexed = index.authorize(u, r);
          seen[direct.allowed ? 'allowed' : 'denied']++;
          assert.equal(indexed.allowed, direct.allowed);
          if (direct.by) {
            assert.equal(indexed.by!.binding, direct.by.binding);
            assert.equal(indexed.by!.ruleIndex, direct.by.ruleIndex);
            assert.equal(indexed.by!.subjectIndex, direct.by.subjectIndex);
          }
          const ns = r.resourceRequest ? r.namespace : '';
          assert.deepEqual(index.rulesFor(u, ns).map(key), rulesFor(policy, u, ns).map(key));
        }
      },
    ),
    { numRuns: 1000 },
  );
  // The property is not vacuous: both answers came up often.
  assert.ok(seen.allowed > 100 && seen.denied > 100, JSON.stringify(seen));
});

test('who-can lists exactly the binding subjects the authorizer would allow', () => {
  let listed = 0;
  fc.assert(
    fc.property(
      world.chain((w) => fc.tuple(fc.constant(w), questionsFor(w))),
      ([w, questions]) => {
        const users = questions.map((q) => q[0]);
        const policy = buildPolicy(objects(w), { defaultRbac: false });
        const index = buildIndex(policy);
        for (const [, r] of questions) {
          const entries = index.whoCan(r);
          listed += entries.length;
          // Every user allowed is matched by a listed subject of the very binding that allows it ...
          for (const u of users) {
            const decision = authorize(policy, u, r);
            const found = entries.some(
              (e) => e.binding === decision.by?.binding && appliesToUser(u, e.subject, e.binding.namespace ?? ''),
            );
            assert.equal(found, decision.allowed);
          }
          // ... and every listed subject is allowed, as the identity the subject names.
          for (const e of entries) {
            const s = e.subject;
            const ns = e.binding.namespace ?? '';
            const identity: UserInfo =
              s.kind === 'Group'
                ? { name: '', groups: [s.name] }
                : s.kind === 'ServiceAccount'
                  ? { name: `system:serviceaccount:${s.namespace || ns}:${s.name}`, groups: [] }
                  : { name: s.name, groups: [] };
            assert.equal(authorize(policy, identity, r).allowed, true, JSON.stringify(s));
          }
        }
      },
    ),
    { numRuns: 1000 },
  );
  assert.ok(listed > 100, `only ${listed} who-can entries over all runs`);
});
