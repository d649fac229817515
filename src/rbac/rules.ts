import { isJsonObject, type JsonValue } from '../inventory/json.js';
import type { PolicyRule, Request } from './types.js';

/**
 * Rule matching exactly as the API server does it: plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows) and
 * pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
 * NonResourceURLMatches). Covers and BreakdownRule follow
 * staging/src/k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go.
 */

const EMPTY: readonly string[] = Object.freeze([]);

function stringList(value: JsonValue | undefined): readonly string[] {
  if (!Array.isArray(value)) return EMPTY;
  const out = value.filter((item): item is string => typeof item === 'string');
  return out.length === 0 ? EMPTY : out;
}

/** A PolicyRule from its JSON form; missing or malformed lists read as empty (as a nil slice in Go). */
export function parseRule(value: JsonValue): PolicyRule | undefined {
  if (!isJsonObject(value)) return undefined;
  return {
    verbs: stringList(value['verbs']),
    apiGroups: stringList(value['apiGroups']),
    resources: stringList(value['resources']),
    resourceNames: stringList(value['resourceNames']),
    nonResourceURLs: stringList(value['nonResourceURLs']),
  };
}

/** Builds a rule from partial lists (for tests and the built-in catalogue). */
export function makeRule(rule: Partial<Record<keyof PolicyRule, readonly string[]>>): PolicyRule {
  return {
    verbs: rule.verbs ?? EMPTY,
    apiGroups: rule.apiGroups ?? EMPTY,
    resources: rule.resources ?? EMPTY,
    resourceNames: rule.resourceNames ?? EMPTY,
    nonResourceURLs: rule.nonResourceURLs ?? EMPTY,
  };
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === '*' || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === '*' || g === group) return true;
  return false;
}

/**
 * `combined` is `resource` or `resource/subresource`. `*` matches everything, an exact entry matches, and `*\/sub`
 * matches any resource's subresource `sub`. `pods/*` is not a wildcard: it matches only a subresource named `*`.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) {
      return true;
    }
  }
  return false;
}

/** A rule without resourceNames allows every name; one with names allows only those (never the empty name). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

/** Go's strings.TrimRight(s, "*"): every trailing star goes. */
function trimTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 42) end--;
  return s.slice(0, end);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimTrailingStars(u))) return true;
  }
  return false;
}

/** RuleAllows: whether one rule allows one request. */
export function ruleAllows(request: Request, rule: PolicyRule): boolean {
  if (request.resourceRequest) {
    const combined = request.subresource === '' ? request.resource : `${request.resource}/${request.subresource}`;
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, combined, request.subresource) &&
      resourceNameMatches(rule, request.name)
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** BreakdownRule: one rule per (group, resource, verb[, name]) and per (url, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) {
            out.push(makeRule({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] }));
          }
        } else {
          out.push(makeRule({ apiGroups: [group], resources: [resource], verbs: [verb] }));
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs) {
    for (const verb of rule.verbs) out.push(makeRule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

function hasAll(set: readonly string[], contains: readonly string[]): boolean {
  for (const c of contains) if (!set.includes(c)) return false;
  return true;
}

function resourceCoversAll(owner: readonly string[], covers: readonly string[]): boolean {
  if (owner.includes('*') || hasAll(owner, covers)) return true;
  for (const path of covers) {
    if (owner.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!owner.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

/** nonResourceURLCovers: exact, or an owner ending in `*` whose prefix (stars trimmed) starts the path. */
export function nonResourceURLCovers(owner: string, path: string): boolean {
  if (owner === path) return true;
  return owner.endsWith('*') && path.startsWith(trimTrailingStars(owner));
}

function nonResourceURLsCoverAll(owner: readonly string[], covers: readonly string[]): boolean {
  for (const path of covers) {
    if (!owner.some((o) => nonResourceURLCovers(o, path))) return false;
  }
  return true;
}

/** ruleCovers: an owner rule covers one broken-down servant rule. A servant `*` is covered only by an owner `*`. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbOk = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groupOk = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resourceOk = resourceCoversAll(owner.resources, sub.resources);
  const urlOk = nonResourceURLsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
  const nameOk =
    sub.resourceNames.length === 0
      ? owner.resourceNames.length === 0
      : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbOk && groupOk && resourceOk && nameOk && urlOk;
}

/** Covers: whether the owner's rules grant everything the servant's rules do, and the atomic rules they do not. */
export function covers(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered: PolicyRule[] = [];
  for (const rule of servant) {
    for (const sub of breakdownRule(rule)) {
      if (!owner.some((o) => ruleCovers(o, sub))) uncovered.push(sub);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** equality.Semantic.DeepEqual on two rules (nil and empty lists are equal; order matters). */
export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/** A rule as its JSON form, empty lists left out (the shape `kubectl get -o json` prints). */
export function ruleToJson(rule: PolicyRule): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (rule.verbs.length > 0) out['verbs'] = [...rule.verbs];
  if (rule.apiGroups.length > 0) out['apiGroups'] = [...rule.apiGroups];
  if (rule.resources.length > 0) out['resources'] = [...rule.resources];
  if (rule.resourceNames.length > 0) out['resourceNames'] = [...rule.resourceNames];
  if (rule.nonResourceURLs.length > 0) out['nonResourceURLs'] = [...rule.nonResourceURLs];
  return out;
}

/** One line for people: `get,list secrets [core] names=a,b` or `get /metrics`. */
export function formatRule(rule: PolicyRule): string {
  const parts: string[] = [rule.verbs.join(',')];
  if (rule.resources.length > 0 || rule.apiGroups.length > 0) {
    parts.push(rule.resources.join(','));
    parts.push(`[${rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',')}]`);
  }
  if (rule.resourceNames.length > 0) parts.push(`names=${rule.resourceNames.join(',')}`);
  if (rule.nonResourceURLs.length > 0) parts.push(rule.nonResourceURLs.join(','));
  return parts.join(' ');
}
