import { arrayField, isJsonObject, objectField, stringField, stringMap, type JsonObject } from '../inventory/json.js';
import type { KubeObject, SourceLocation } from '../inventory/types.js';
import { BOOTSTRAP_POLICY } from './bootstrap-policy.js';
import { parseRule, rulesEqual } from './rules.js';
import { MATCH_NONE, matches, parseSelector, type Selector } from '../inventory/selectors.js';
import type { PolicyRule, RoleRef, Subject } from './types.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** The label every object of the API server's default policy carries. */
export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
/** Where added default objects say they come from. */
export const DEFAULT_POLICY_INPUT = 'kubernetes-default-rbac';

export interface RbacRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Set for Roles. */
  namespace?: string;
  /** The rules the authorizer uses: for aggregated ClusterRoles, those the aggregation controller computes. */
  rules: PolicyRule[];
  /** The rules as written in the input (overwritten by aggregation for aggregated ClusterRoles). */
  declaredRules: PolicyRule[];
  /** The aggregation rule's selectors; undefined for roles without one. */
  aggregationSelectors?: Selector[];
  /** For aggregated ClusterRoles: the ClusterRoles whose rules were gathered, in the order they were. */
  aggregatedFrom: string[];
  labels: Record<string, string>;
  object: KubeObject;
  /** Part of the API server's default policy (added by us, or carrying the bootstrapping label in the input). */
  isDefault: boolean;
}

export interface RbacBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Set for RoleBindings. */
  namespace?: string;
  roleRef: RoleRef;
  subjects: Subject[];
  /** The role the binding grants; undefined when it does not exist (the binding then grants nothing). */
  role?: RbacRole;
  object: KubeObject;
  isDefault: boolean;
  /** Position in evaluation order (ClusterRoleBindings first), as the authorizer visits bindings. */
  ordinal: number;
}

/** A problem with the RBAC objects: never fatal, the rest is evaluated as the API server would. */
export interface RbacProblem {
  source: SourceLocation;
  /** `Kind/ns/name` of the object concerned. */
  object: string;
  message: string;
  /** `missing-role` for bindings to roles that do not exist; `invalid` for objects the API would reject. */
  type: 'missing-role' | 'invalid' | 'aggregation';
}

export interface RbacPolicy {
  clusterRoles: Map<string, RbacRole>;
  /** Roles by `namespace/name`. */
  roles: Map<string, RbacRole>;
  clusterRoleBindings: RbacBinding[];
  roleBindings: RbacBinding[];
  roleBindingsByNamespace: Map<string, RbacBinding[]>;
  problems: RbacProblem[];
  /** Whether the default policy was added: `added` (some or all objects), `in-input` (a live dump has it), `off`. */
  defaults: 'added' | 'in-input' | 'off';
  /** The default objects added (KubeObjects marked implied). */
  addedDefaults: KubeObject[];
}

export interface RbacOptions {
  /**
   * Add the API server's default roles and bindings that the input does not define (default true). Turned off by
   * `--no-default-rbac`. A live-cluster dump already holds them and nothing is added.
   */
  defaultRbac?: boolean;
}

function describe(kind: string, name: string, namespace?: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

function isRbacObject(o: KubeObject): boolean {
  return (
    o.group === RBAC_GROUP &&
    (o.kind === 'Role' || o.kind === 'ClusterRole' || o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
  );
}

/** The default policy as KubeObjects marked implied, with the golden file and line they come from. */
export function defaultPolicyObjects(): KubeObject[] {
  return BOOTSTRAP_POLICY.map((entry) => {
    const raw = entry.object;
    const metadata = objectField(raw, 'metadata');
    const apiVersion = stringField(raw, 'apiVersion') ?? `${RBAC_GROUP}/v1`;
    const kind = stringField(raw, 'kind') ?? '';
    const object: KubeObject = {
      apiVersion,
      group: RBAC_GROUP,
      kind,
      name: stringField(metadata, 'name') ?? '',
      labels: stringMap(metadata, 'labels'),
      annotations: stringMap(metadata, 'annotations'),
      ownerReferences: [],
      raw,
      source: { file: `${DEFAULT_POLICY_INPUT}/${entry.file}`, document: 0, line: entry.line },
      input: 'implied',
      implied: true,
      impliedBy: 'the API server creates it (default RBAC policy)',
    };
    const namespace = stringField(metadata, 'namespace');
    if (namespace) object.namespace = namespace;
    return object;
  });
}

function keyOf(o: KubeObject): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/**
 * The RBAC objects to evaluate: those of the input, plus each default object the input does not define. When the
 * input carries any object of the default policy (labelled `kubernetes.io/bootstrapping: rbac-defaults`, as every
 * live cluster has), the input is taken to hold the whole policy of its cluster and nothing is added: adding the
 * defaults of another Kubernetes version to a real cluster's dump would invent bindings it does not have.
 */
export function rbacObjects(
  objects: readonly KubeObject[],
  options: RbacOptions = {},
): { objects: KubeObject[]; defaults: RbacPolicy['defaults']; added: KubeObject[] } {
  const input = objects.filter(isRbacObject);
  if (options.defaultRbac === false) return { objects: input, defaults: 'off', added: [] };
  if (input.some((o) => !o.implied && o.labels[BOOTSTRAP_LABEL] === 'rbac-defaults')) {
    return { objects: input, defaults: 'in-input', added: [] };
  }
  const defined = new Set(input.map(keyOf));
  const added = defaultPolicyObjects().filter((o) => !defined.has(keyOf(o)));
  return { objects: [...input, ...added], defaults: 'added', added };
}

function parseRules(raw: JsonObject): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const entry of arrayField(raw, 'rules') ?? []) {
    const rule = parseRule(entry);
    if (rule) out.push(rule);
  }
  return out;
}

function parseSubjects(raw: JsonObject): Subject[] {
  const out: Subject[] = [];
  for (const entry of arrayField(raw, 'subjects') ?? []) {
    if (!isJsonObject(entry)) continue;
    const subject: Subject = { kind: stringField(entry, 'kind') ?? '', name: stringField(entry, 'name') ?? '' };
    const namespace = stringField(entry, 'namespace');
    if (namespace) subject.namespace = namespace;
    const apiGroup = stringField(entry, 'apiGroup');
    if (apiGroup !== undefined) subject.apiGroup = apiGroup;
    out.push(subject);
  }
  return out;
}

function isDefaultObject(o: KubeObject): boolean {
  return o.implied || o.labels[BOOTSTRAP_LABEL] === 'rbac-defaults';
}

/**
 * Builds the policy the authorizer evaluates: roles (aggregation computed to a fixpoint), bindings resolved to their
 * roles, and every problem found on the way (bindings to roles that do not exist, objects the API would reject).
 */
export function buildPolicy(allObjects: readonly KubeObject[], options: RbacOptions = {}): RbacPolicy {
  const { objects, defaults, added } = rbacObjects(allObjects, options);
  const problems: RbacProblem[] = [];
  const clusterRoles = new Map<string, RbacRole>();
  const roles = new Map<string, RbacRole>();
  const crbs: KubeObject[] = [];
  const rbs: KubeObject[] = [];

  for (const o of objects) {
    if (o.kind === 'ClusterRole' || o.kind === 'Role') {
      const rules = parseRules(o.raw);
      const role: RbacRole = {
        kind: o.kind,
        name: o.name,
        rules,
        declaredRules: rules,
        aggregatedFrom: [],
        labels: o.labels,
        object: o,
        isDefault: isDefaultObject(o),
      };
      if (o.kind === 'Role') {
        if (!o.namespace) continue;
        role.namespace = o.namespace;
        roles.set(`${o.namespace}/${o.name}`, role);
        continue;
      }
      const aggregation = objectField(o.raw, 'aggregationRule');
      if (aggregation) {
        const selectors: Selector[] = [];
        for (const s of arrayField(aggregation, 'clusterRoleSelectors') ?? []) {
          // A null entry is no selector here, not the empty one that would match every role.
          const parsed = s === null ? { ...MATCH_NONE, error: 'selector is not a mapping' } : parseSelector(s);
          if (!parsed.valid) {
            problems.push({
              source: o.source,
              object: describe('ClusterRole', o.name),
              message: `aggregationRule: ${parsed.error}; the selector matches nothing`,
              type: 'aggregation',
            });
            continue;
          }
          selectors.push(parsed);
        }
        role.aggregationSelectors = selectors;
      }
      clusterRoles.set(o.name, role);
    } else if (o.kind === 'ClusterRoleBinding') {
      crbs.push(o);
    } else {
      rbs.push(o);
    }
  }

  aggregate(clusterRoles, problems);

  const clusterRoleBindings: RbacBinding[] = [];
  const roleBindings: RbacBinding[] = [];
  const roleBindingsByNamespace = new Map<string, RbacBinding[]>();
  let ordinal = 0;
  for (const o of [...crbs, ...rbs]) {
    const roleRefRaw = objectField(o.raw, 'roleRef');
    const roleRef: RoleRef = {
      apiGroup: stringField(roleRefRaw, 'apiGroup') ?? '',
      kind: stringField(roleRefRaw, 'kind') ?? '',
      name: stringField(roleRefRaw, 'name') ?? '',
    };
    const isCrb = o.kind === 'ClusterRoleBinding';
    const namespace = isCrb ? undefined : o.namespace;
    if (!isCrb && !namespace) continue;
    const binding: RbacBinding = {
      kind: isCrb ? 'ClusterRoleBinding' : 'RoleBinding',
      name: o.name,
      roleRef,
      subjects: parseSubjects(o.raw),
      object: o,
      isDefault: isDefaultObject(o),
      ordinal: ordinal++,
    };
    if (namespace) binding.namespace = namespace;
    const what = describe(binding.kind, o.name, namespace);
    if (roleRef.kind === 'ClusterRole') {
      binding.role = clusterRoles.get(roleRef.name);
    } else if (roleRef.kind === 'Role' && namespace) {
      binding.role = roles.get(`${namespace}/${roleRef.name}`);
    } else {
      problems.push({
        source: o.source,
        object: what,
        message:
          roleRef.kind === 'Role'
            ? 'a ClusterRoleBinding cannot reference a Role; it grants nothing'
            : `unsupported roleRef kind "${roleRef.kind}"; the binding grants nothing`,
        type: 'invalid',
      });
    }
    if (!binding.role && (roleRef.kind === 'ClusterRole' || (roleRef.kind === 'Role' && namespace))) {
      const target = roleRef.kind === 'Role' ? `Role ${namespace}/${roleRef.name}` : `ClusterRole ${roleRef.name}`;
      problems.push({
        source: o.source,
        object: what,
        message: `binds ${target}, which does not exist: it grants nothing now, and whoever creates that role later grants its rules to the binding's subjects`,
        type: 'missing-role',
      });
    }
    for (const s of binding.subjects) {
      if (s.kind === 'ServiceAccount' && !s.namespace && isCrb) {
        problems.push({
          source: o.source,
          object: what,
          message: `ServiceAccount subject "${s.name}" has no namespace; in a ClusterRoleBinding it matches nobody`,
          type: 'invalid',
        });
      } else if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') {
        problems.push({
          source: o.source,
          object: what,
          message: `subject kind "${s.kind}" is not User, Group or ServiceAccount; it matches nobody`,
          type: 'invalid',
        });
      }
    }
    if (isCrb) {
      clusterRoleBindings.push(binding);
    } else {
      roleBindings.push(binding);
      let list = roleBindingsByNamespace.get(namespace!);
      if (!list) roleBindingsByNamespace.set(namespace!, (list = []));
      list.push(binding);
    }
  }

  return {
    clusterRoles,
    roles,
    clusterRoleBindings,
    roleBindings,
    roleBindingsByNamespace,
    problems,
    defaults,
    addedDefaults: added,
  };
}

/**
 * The aggregation controller (pkg/controller/clusterroleaggregation): an aggregated ClusterRole's rules are replaced by
 * the rules of every ClusterRole matching its selectors (selector by selector, matches sorted by name, itself
 * skipped, each rule once). The controller re-runs on every change, so this runs to a fixpoint, visiting aggregated
 * roles in name order and using each role's latest rules as the controller would.
 */
function aggregate(clusterRoles: Map<string, RbacRole>, problems: RbacProblem[]): void {
  const aggregated = [...clusterRoles.values()].filter((r) => r.aggregationSelectors !== undefined);
  if (aggregated.length === 0) return;
  aggregated.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = [...clusterRoles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const limit = aggregated.length + 2;
  for (let round = 0; round <= limit; round++) {
    let changed = false;
    for (const target of aggregated) {
      const rules: PolicyRule[] = [];
      const from: string[] = [];
      for (const selector of target.aggregationSelectors!) {
        for (const source of byName) {
          if (source === target || !matches(selector, source.labels)) continue;
          if (!from.includes(source.name)) from.push(source.name);
          for (const rule of source.rules) if (!rules.some((r) => rulesEqual(r, rule))) rules.push(rule);
        }
      }
      target.aggregatedFrom = from;
      if (rules.length !== target.rules.length || rules.some((r, i) => !rulesEqual(r, target.rules[i]!))) {
        target.rules = rules;
        changed = true;
      }
    }
    if (!changed) return;
  }
  for (const target of aggregated) {
    problems.push({
      source: target.object.source,
      object: describe('ClusterRole', target.name),
      message: 'aggregation does not settle (roles aggregate each other in a cycle); rules are those of the last pass',
      type: 'aggregation',
    });
  }
}

/** The rules a binding's roleRef resolves to (GetRoleReferenceRules); empty when the role does not exist. */
export function bindingRules(binding: RbacBinding): readonly PolicyRule[] {
  return binding.role?.rules ?? [];
}

export function describeBinding(binding: RbacBinding): string {
  return describe(binding.kind, binding.name, binding.namespace);
}

export function describeRole(role: RbacRole): string {
  return describe(role.kind, role.name, role.namespace);
}

/** `RoleBinding ns/name` → `Role name`; shown where a grant is explained. */
export function describeGrant(binding: RbacBinding): string {
  const ref = binding.roleRef.kind === 'Role' ? `Role ${binding.roleRef.name}` : `ClusterRole ${binding.roleRef.name}`;
  const b = binding.namespace
    ? `${binding.kind} ${binding.namespace}/${binding.name}`
    : `${binding.kind} ${binding.name}`;
  return `${b} → ${ref}`;
}

export function sourceText(source: SourceLocation): string {
  return source.line > 0 ? `${source.file}:${source.line}` : source.file;
}
