/**
 * The little RBAC the posture checks need: the rules of a role, whether a rule names a permission, and who a role is
 * bound to in the input. The full authorizer (aggregation, who-can, escalation) is the RBAC analyzer's job; these
 * checks only flag roles and bindings whose text is a finding in itself.
 */

import { arrayField, isJsonObject, objectField, stringField, type JsonObject } from '../inventory/json.js';
import type { KubeObject } from '../inventory/types.js';
import type { PostureIndex } from './context.js';
import { strings } from './workload.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  index: number;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export function rulesOf(role: KubeObject): PolicyRule[] {
  const out: PolicyRule[] = [];
  (arrayField(role.raw, 'rules') ?? []).forEach((rule, index) => {
    if (!isJsonObject(rule)) return;
    out.push({
      index,
      apiGroups: strings(rule['apiGroups']),
      resources: strings(rule['resources']),
      verbs: strings(rule['verbs']),
      resourceNames: strings(rule['resourceNames']),
      nonResourceURLs: strings(rule['nonResourceURLs']),
    });
  });
  return out;
}

/** The roles the API server creates itself (`system:*`, the bootstrap label) and the four user-facing defaults. */
export function isDefaultRole(role: KubeObject): boolean {
  return (
    role.name.startsWith('system:') ||
    role.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' ||
    (role.kind === 'ClusterRole' && ['cluster-admin', 'admin', 'edit', 'view'].includes(role.name))
  );
}

/** A binding the API server creates itself. */
export function isDefaultBinding(binding: KubeObject): boolean {
  return binding.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' || binding.name.startsWith('system:');
}

export interface Permission {
  verbs: readonly string[];
  /** API groups; `''` is the core group. */
  groups: readonly string[];
  /** Resources, with subresources as `pods/exec`. */
  resources: readonly string[];
}

/**
 * Whether a rule explicitly grants one of the verbs on one of the resources. A `*` resource does not count here:
 * wildcard rules are CKP-501's finding, and counting them again in every permission check would be noise. A `*`
 * verb or API group does count, and `*\/exec` matches `pods/exec` as the authorizer does.
 */
export function ruleGrants(rule: PolicyRule, permission: Permission): string | undefined {
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return undefined;
  const verb = rule.verbs.includes('*') ? permission.verbs[0] : permission.verbs.find((v) => rule.verbs.includes(v));
  if (verb === undefined) return undefined;
  if (!rule.apiGroups.includes('*') && !permission.groups.some((g) => rule.apiGroups.includes(g))) return undefined;
  for (const resource of permission.resources) {
    const slash = resource.indexOf('/');
    const sub = slash < 0 ? undefined : resource.slice(slash);
    if (rule.resources.includes(resource) || (sub !== undefined && rule.resources.includes(`*${sub}`))) {
      return `${rule.verbs.includes('*') ? '*' : verb} ${resource}`;
    }
  }
  return undefined;
}

export interface Grant {
  /** `get secrets`, `* pods/exec`, with `(only a, b)` when resourceNames narrow it. */
  text: string;
  /** JSON path of the rule, e.g. `rules[2]`. */
  path: string;
}

/**
 * What the first matching rule grants, or undefined when none does. Rules narrowed by resourceNames are what the
 * checks recommend, so they do not count, unless they name one of `sensitiveNames` (e.g. coredns).
 */
export function roleGrants(
  role: KubeObject,
  permissions: readonly Permission[],
  sensitiveNames: readonly string[] = [],
): Grant | undefined {
  for (const rule of rulesOf(role)) {
    const named = rule.resourceNames.length > 0;
    if (named && !rule.resourceNames.some((n) => sensitiveNames.includes(n))) continue;
    for (const permission of permissions) {
      const grant = ruleGrants(rule, permission);
      if (grant) {
        const names = named ? ` (only ${rule.resourceNames.join(', ')})` : '';
        return { text: `${grant}${names}`, path: `rules[${rule.index}]` };
      }
    }
  }
  return undefined;
}

export function roleRefOf(binding: KubeObject): { kind: string; name: string } | undefined {
  const ref = objectField(binding.raw, 'roleRef');
  const kind = stringField(ref, 'kind');
  const name = stringField(ref, 'name');
  return kind && name ? { kind, name } : undefined;
}

export function subjectsOf(binding: KubeObject): Subject[] {
  const out: Subject[] = [];
  for (const raw of arrayField(binding.raw, 'subjects') ?? []) {
    if (!isJsonObject(raw)) continue;
    const kind = stringField(raw, 'kind');
    const name = stringField(raw, 'name');
    if (!kind || !name) continue;
    const namespace = stringField(raw, 'namespace') ?? (kind === 'ServiceAccount' ? binding.namespace : undefined);
    out.push({ kind, name, ...(namespace !== undefined ? { namespace } : {}) });
  }
  return out;
}

export function subjectLabel(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace ?? ''}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

export function rawSubject(subject: Subject): JsonObject {
  const out: JsonObject = { kind: subject.kind, name: subject.name };
  if (subject.kind !== 'ServiceAccount') out['apiGroup'] = RBAC_GROUP;
  if (subject.namespace !== undefined && subject.kind === 'ServiceAccount') out['namespace'] = subject.namespace;
  return out;
}

const bindingIndexes = new WeakMap<PostureIndex, Map<string, KubeObject[]>>();

function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** The bindings in the input that grant a role: a Role's RoleBindings in its namespace, a ClusterRole's anywhere. */
export function bindingsOf(index: PostureIndex, role: KubeObject): KubeObject[] {
  let byRole = bindingIndexes.get(index);
  if (!byRole) {
    byRole = new Map();
    for (const binding of [
      ...index.objects('ClusterRoleBinding', [RBAC_GROUP]),
      ...index.objects('RoleBinding', [RBAC_GROUP]),
    ]) {
      const ref = roleRefOf(binding);
      if (!ref) continue;
      const namespace = ref.kind === 'Role' ? (binding.namespace ?? '') : '';
      const key = roleKey(ref.kind, namespace, ref.name);
      const list = byRole.get(key) ?? [];
      list.push(binding);
      byRole.set(key, list);
    }
    bindingIndexes.set(index, byRole);
  }
  return byRole.get(roleKey(role.kind, role.kind === 'Role' ? (role.namespace ?? '') : '', role.name)) ?? [];
}

/** Roles that grant anything: bound in the input, or aggregated into another ClusterRole by label. */
export function isRoleInUse(index: PostureIndex, role: KubeObject): boolean {
  if (Object.keys(role.labels).some((label) => label.startsWith('rbac.authorization.k8s.io/aggregate-to-')))
    return true;
  return bindingsOf(index, role).length > 0;
}

/** `bound to ServiceAccount monitoring/grafana (ClusterRoleBinding grafana)`, at most three subjects named. */
export function bindingSummary(index: PostureIndex, role: KubeObject): string {
  const subjects: string[] = [];
  for (const binding of bindingsOf(index, role)) {
    for (const subject of subjectsOf(binding))
      subjects.push(`${subjectLabel(subject)} (${binding.kind} ${binding.name})`);
  }
  if (subjects.length === 0) return 'aggregated into other ClusterRoles by label';
  const more = subjects.length > 3 ? ` and ${subjects.length - 3} more` : '';
  return `bound to ${subjects.slice(0, 3).join(', ')}${more}`;
}
