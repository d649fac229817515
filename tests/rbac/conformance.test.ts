/**
 * Every case of ../shared/conformance/rbac/k8s-rbac-unit-facts.json (transcribed from the upstream unit tests
 * rbac_test.go, rule_test.go and policy_comparator_test.go) and of k8s-rbac-unit-facts.rulesFor.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonObject } from '../../src/inventory/json.js';
import { authorize, rulesFor } from '../../src/rbac/authorizer.js';
import { covers, makeRule, nonResourceURLCovers, ruleAllows, ruleToJson } from '../../src/rbac/rules.js';
import { buildIndex } from '../../src/rbac/subject-index.js';
import { appliesTo } from '../../src/rbac/subjects.js';
import type { PolicyRule, Request, Subject, UserInfo } from '../../src/rbac/types.js';
import { sharedRoot } from '../helpers.js';
import { binding, clusterRole, policyOf, role } from './fixtures.js';

const dir = path.join(sharedRoot, 'conformance/rbac');

interface RuleJson {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface RequestJson {
  resourceRequest: boolean;
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  path?: string;
  user?: { name?: string; groups?: string[] };
}
interface BindingJson {
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: Subject[];
}
interface Facts {
  ruleAllows: { case: string; rule: RuleJson; request: RequestJson; allowed: boolean }[];
  authorize: {
    case: string;
    clusterRoles: { name: string; rules: RuleJson[] }[];
    roleBindings?: BindingJson[];
    clusterRoleBindings?: BindingJson[];
    shouldPass: RequestJson[];
    shouldFail: RequestJson[];
  }[];
  appliesTo: {
    case: string;
    subjects: Subject[];
    user: { name?: string; groups?: string[] };
    namespace: string;
    appliesTo: boolean;
  }[];
  covers: { case: string; ownerRules: RuleJson[]; servantRules: RuleJson[]; covered: boolean; uncovered: RuleJson[] }[];
  nonResourceURLCovers: { owner: string; requested: string; covers: boolean }[];
}
interface RulesForFacts {
  staticRoles: {
    roles: { namespace: string; name: string; rules: RuleJson[] }[];
    clusterRoles: { name: string; rules: RuleJson[] }[];
    roleBindings: BindingJson[];
    clusterRoleBindings: BindingJson[];
  };
  cases: { user: { name?: string; groups?: string[] }; namespace: string; effectiveRules: RuleJson[]; line: number }[];
}

const facts = JSON.parse(readFileSync(path.join(dir, 'k8s-rbac-unit-facts.json'), 'utf8')) as Facts;
const rulesForFacts = JSON.parse(
  readFileSync(path.join(dir, 'k8s-rbac-unit-facts.rulesFor.json'), 'utf8'),
) as RulesForFacts;

const rule = (r: RuleJson): PolicyRule => makeRule(r);
const userOf = (u: { name?: string; groups?: string[] } | undefined): UserInfo => ({
  name: u?.name ?? '',
  groups: u?.groups ?? [],
});
function requestOf(r: RequestJson): Request {
  if (!r.resourceRequest) return { resourceRequest: false, verb: r.verb, path: r.path ?? '' };
  return {
    resourceRequest: true,
    verb: r.verb,
    apiGroup: r.apiGroup ?? '',
    resource: r.resource ?? '',
    subresource: r.subresource ?? '',
    name: r.name ?? '',
    namespace: r.namespace ?? '',
  };
}
const label = (r: RequestJson): string =>
  r.resourceRequest
    ? `${r.user?.name ?? ''}${JSON.stringify(r.user?.groups ?? [])} ${r.verb} ${r.apiGroup ?? ''}/${r.resource ?? ''}${r.subresource ? `/${r.subresource}` : ''} ns=${r.namespace ?? ''}`
    : `${r.user?.name ?? ''}${JSON.stringify(r.user?.groups ?? [])} ${r.verb} ${r.path ?? ''}`;

const bindingObject = (b: BindingJson) =>
  binding({
    ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
    roleRef: b.roleRef,
    subjects: b.subjects as unknown as JsonObject[],
  });

facts.ruleAllows.forEach((c, i) => {
  test(`ruleAllows #${i} ${c.case}: ${label(c.request)} → ${c.allowed}`, () => {
    assert.equal(ruleAllows(requestOf(c.request), rule(c.rule)), c.allowed);
  });
});

for (const c of facts.authorize) {
  const objects = [
    ...c.clusterRoles.map((r) => clusterRole({ name: r.name, rules: r.rules as JsonObject[] })),
    ...(c.clusterRoleBindings ?? []).map(bindingObject),
    ...(c.roleBindings ?? []).map(bindingObject),
  ];
  const policy = policyOf(objects);
  const index = buildIndex(policy);
  for (const [expected, requests] of [
    [true, c.shouldPass],
    [false, c.shouldFail],
  ] as const) {
    requests.forEach((r, i) => {
      test(`authorize ${c.case} ${expected ? 'pass' : 'fail'} #${i}: ${label(r)}`, () => {
        const user = userOf(r.user);
        const request = requestOf(r);
        assert.equal(authorize(policy, user, request).allowed, expected, 'direct authorizer');
        assert.equal(index.authorize(user, request).allowed, expected, 'subject index');
      });
    });
  }
}

facts.appliesTo.forEach((c, i) => {
  test(`appliesTo #${i} ${c.case} → ${c.appliesTo}`, () => {
    assert.equal(appliesTo(userOf(c.user), c.subjects, c.namespace) >= 0, c.appliesTo);
  });
});

for (const c of facts.covers) {
  test(`covers ${c.case} → ${c.covered}`, () => {
    const result = covers(c.ownerRules.map(rule), c.servantRules.map(rule));
    assert.equal(result.covered, c.covered);
    assert.deepEqual(result.uncovered.map(ruleToJson), c.uncovered);
  });
}

for (const c of facts.nonResourceURLCovers) {
  test(`nonResourceURLCovers ${JSON.stringify(c.owner)} ⊇ ${JSON.stringify(c.requested)} → ${c.covers}`, () => {
    assert.equal(nonResourceURLCovers(c.owner, c.requested), c.covers);
  });
}

{
  const s = rulesForFacts.staticRoles;
  const policy = policyOf([
    ...s.roles.map((r) => role({ name: r.name, namespace: r.namespace, rules: r.rules as JsonObject[] })),
    ...s.clusterRoles.map((r) => clusterRole({ name: r.name, rules: r.rules as JsonObject[] })),
    ...s.clusterRoleBindings.map(bindingObject),
    ...s.roleBindings.map(bindingObject),
  ]);
  const index = buildIndex(policy);
  const canonical = (rules: RuleJson[]): string[] => rules.map((r) => JSON.stringify(ruleToJson(rule(r)))).sort();
  for (const c of rulesForFacts.cases) {
    test(`rulesFor (rule_test.go:${c.line}) ${JSON.stringify(c.user)} in "${c.namespace}"`, () => {
      const user = userOf(c.user);
      const expected = canonical(c.effectiveRules);
      assert.deepEqual(canonical(rulesFor(policy, user, c.namespace).map((x) => ruleToJson(x.rule))), expected);
      assert.deepEqual(canonical(index.rulesFor(user, c.namespace).map((x) => ruleToJson(x.rule))), expected);
    });
  }
}
