import type { RuleSource } from './authorizer.js';
import type { RbacAnalysis } from './analysis.js';
import { sourceText, type RbacBinding, type RbacRole } from './policy.js';
import { resolveResource, type ApiResource } from './resources.js';
import { ruleToJson } from './rules.js';
import { describeSubject, MASTERS } from './subjects.js';
import type { Request, UserInfo } from './types.js';

/**
 * The questions the `rbac` commands answer, as plain data (the CLI only prints it): can-i, who-can, permissions.
 */

export interface RequestSpec {
  verb: string;
  /** `pods`, `deployments.apps`, `pods/exec`, `*`, or a non-resource URL starting with `/`. */
  resource: string;
  name?: string;
  /** An explicit --subresource (as kubectl); `RESOURCE/SUB` says the same. */
  subresource?: string;
  namespace?: string;
  allNamespaces?: boolean;
  /** The namespace used when none is given (kubectl's current namespace). */
  defaultNamespace: string;
}

export interface BuiltRequest {
  request: Request;
  /** Whether the resource is namespaced (unknown resources are taken as namespaced). */
  namespaced: boolean;
  known?: ApiResource;
  warnings: string[];
  /** For who-can -A on a namespaced resource: every namespace's RoleBindings count. */
  allNamespaces: boolean;
}

/** The request the API server would authorize for a kubectl-style question. */
export function buildRequest(spec: RequestSpec, table: readonly ApiResource[]): BuiltRequest {
  const warnings: string[] = [];
  if (spec.resource.startsWith('/')) {
    if (spec.namespace) warnings.push('a non-resource URL is cluster-wide; -n is ignored');
    return {
      request: { resourceRequest: false, verb: spec.verb, path: spec.resource },
      namespaced: false,
      warnings,
      allNamespaces: false,
    };
  }
  const resolved = resolveResource(spec.resource, table);
  let subresource = resolved.subresource;
  if (spec.subresource) {
    if (subresource && subresource !== spec.subresource) {
      warnings.push(`--subresource ${spec.subresource} replaces /${subresource}`);
    }
    subresource = spec.subresource;
  }
  const known = resolved.known;
  if (!known && resolved.resource !== '*') {
    warnings.push(
      `resource "${resolved.resource}"${resolved.group ? ` in group ${resolved.group}` : ''} is not known; taken as a namespaced resource`,
    );
  }
  if (known && subresource && !known.subresources.includes(subresource)) {
    warnings.push(`"${subresource}" is not a known subresource of ${known.resource}; a name goes after the resource`);
  }
  const namespaced = known ? known.namespaced : true;
  const name = spec.name ?? '';
  let namespace: string;
  if (namespaced) {
    namespace = spec.allNamespaces ? '' : (spec.namespace ?? spec.defaultNamespace);
  } else {
    if (spec.namespace) warnings.push(`${known!.resource} is cluster-scoped; -n is ignored`);
    // GET /api/v1/namespaces/<name> carries the namespace <name> (RequestInfo), so RoleBindings there count.
    namespace = known!.resource === 'namespaces' && known!.group === '' && name !== '' ? name : '';
  }
  const built: BuiltRequest = {
    request: {
      resourceRequest: true,
      verb: spec.verb,
      apiGroup: resolved.group,
      resource: resolved.resource,
      subresource,
      name,
      namespace,
    },
    namespaced,
    warnings,
    allNamespaces: Boolean(spec.allNamespaces) && namespaced,
  };
  if (known) built.known = known;
  return built;
}

export interface ObjectRefJson {
  kind: string;
  name: string;
  namespace?: string;
}

export interface GrantJson {
  binding: ObjectRefJson;
  role: ObjectRefJson & { aggregatedFrom?: string[]; exists: boolean };
  rule: Record<string, string[]>;
  ruleIndex: number;
  source: string;
  /** The binding is part of the default policy (added, or carrying the bootstrapping label). */
  default: boolean;
}

function bindingRef(b: RbacBinding): ObjectRefJson {
  const ref: ObjectRefJson = { kind: b.kind, name: b.name };
  if (b.namespace) ref.namespace = b.namespace;
  return ref;
}

function roleRef(b: RbacBinding, role: RbacRole | undefined): GrantJson['role'] {
  const ref: GrantJson['role'] = { kind: b.roleRef.kind, name: b.roleRef.name, exists: role !== undefined };
  if (role?.namespace) ref.namespace = role.namespace;
  if (role?.aggregationSelectors) ref.aggregatedFrom = role.aggregatedFrom;
  return ref;
}

export function grantJson(source: Pick<RuleSource, 'binding' | 'role' | 'ruleIndex'>): GrantJson {
  return {
    binding: bindingRef(source.binding),
    role: roleRef(source.binding, source.role),
    rule: ruleToJson(source.role.rules[source.ruleIndex]!),
    ruleIndex: source.ruleIndex,
    source: sourceText(source.binding.object.source),
    default: source.binding.isDefault,
  };
}

export interface CanIAnswer {
  allowed: boolean;
  /** `masters`: system:masters bypasses authorization; `rbac`: a rule allows; `denied`: none does. */
  reason: 'masters' | 'rbac' | 'denied';
  user: UserInfo;
  request: Request;
  grant?: GrantJson;
}

export function canI(analysis: RbacAnalysis, user: UserInfo, request: Request): CanIAnswer {
  const decision = analysis.index.authorize(user, request, { mastersBypass: true });
  const answer: CanIAnswer = { allowed: decision.allowed, reason: decision.reason, user, request };
  if (decision.by) answer.grant = grantJson(decision.by);
  return answer;
}

export interface WhoCanSubject {
  /** Node id: `ServiceAccount:<ns>/<name>`, `User:<name>`, `Group:<name>`. */
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  grant: GrantJson;
  /** Where the grant holds: cluster-wide (ClusterRoleBinding) or one namespace. */
  scope: string;
}

export interface WhoCanAnswer {
  request: Request;
  allNamespaces: boolean;
  subjects: WhoCanSubject[];
  /** Identities allowed whatever RBAC says. */
  alwaysAllowed: string[];
}

export function whoCan(analysis: RbacAnalysis, request: Request, allNamespaces = false): WhoCanAnswer {
  const subjects: WhoCanSubject[] = analysis.index.whoCan(request, { allNamespaces }).map((e) => {
    const subject: WhoCanSubject = {
      id: e.subjectId,
      kind: e.subjectId.slice(0, e.subjectId.indexOf(':')),
      name: e.subject.name,
      grant: grantJson({ binding: e.binding, role: e.role, ruleIndex: e.ruleIndex }),
      scope: e.namespace ?? 'cluster-wide',
    };
    if (subject.kind === 'ServiceAccount') {
      const rest = e.subjectId.slice('ServiceAccount:'.length);
      subject.namespace = rest.slice(0, rest.indexOf('/'));
      subject.name = rest.slice(rest.indexOf('/') + 1);
    }
    return subject;
  });
  subjects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  return { request, allNamespaces, subjects, alwaysAllowed: [`Group:${MASTERS}`] };
}

export interface PermissionRow {
  /** `cluster-wide` or the namespace. */
  scope: string;
  grant: GrantJson;
  via: string;
}

export interface PermissionsAnswer {
  user: UserInfo;
  masters: boolean;
  rules: PermissionRow[];
}

export function permissionsOf(analysis: RbacAnalysis, user: UserInfo, namespace?: string): PermissionsAnswer {
  const p = analysis.index.permissions(user);
  const rows: PermissionRow[] = [];
  const add = (scope: string, sources: RuleSource[]): void => {
    for (const s of sources) {
      const subject = s.binding.subjects[s.subjectIndex];
      rows.push({
        scope,
        grant: grantJson(s),
        via: subject ? describeSubject(subject, s.binding.namespace ?? '') : '',
      });
    }
  };
  add('cluster-wide', p.cluster);
  for (const [ns, sources] of p.namespaces) if (namespace === undefined || ns === namespace) add(ns, sources);
  return { user, masters: p.masters, rules: rows };
}
