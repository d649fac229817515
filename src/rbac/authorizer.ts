import { bindingRules, describeBinding, type RbacBinding, type RbacPolicy, type RbacRole } from './policy.js';
import { ruleAllows } from './rules.js';
import { appliesTo, MASTERS } from './subjects.js';
import type { PolicyRule, Request, UserInfo } from './types.js';

/**
 * The RBAC authorizer evaluated directly, binding by binding, as plugin/pkg/auth/authorizer/rbac/rbac.go and
 * DefaultRuleResolver.VisitRulesFor do: every ClusterRoleBinding, then (for a request in a namespace) every
 * RoleBinding of that namespace; a binding applies when one of its subjects matches the user; its role's rules are
 * tried in order; the first rule that allows the request decides. No index: this is the reference the subject index
 * is tested against.
 */

/** One rule a user holds, with where it comes from. */
export interface RuleSource {
  binding: RbacBinding;
  role: RbacRole;
  /** The first subject of the binding that matches the user. */
  subjectIndex: number;
  rule: PolicyRule;
  ruleIndex: number;
}

export interface Decision {
  allowed: boolean;
  /** `masters`: system:masters, which the API server lets through before authorization; `rbac`: a rule allows. */
  reason: 'masters' | 'rbac' | 'denied';
  by?: RuleSource;
}

export interface AuthorizeOptions {
  /** Treat members of system:masters as allowed (the API server does; the RBAC authorizer alone does not). */
  mastersBypass?: boolean;
}

/** VisitRulesFor: calls `visit` for each rule the user holds in `namespace` ('' = cluster-wide only) until false. */
export function visitRulesFor(
  policy: RbacPolicy,
  user: UserInfo,
  namespace: string,
  visit: (source: RuleSource) => boolean,
): void {
  const visitBinding = (binding: RbacBinding, ns: string): boolean => {
    const subjectIndex = appliesTo(user, binding.subjects, ns);
    if (subjectIndex < 0 || !binding.role) return true;
    const rules = bindingRules(binding);
    for (let i = 0; i < rules.length; i++) {
      if (!visit({ binding, role: binding.role, subjectIndex, rule: rules[i]!, ruleIndex: i })) return false;
    }
    return true;
  };
  for (const binding of policy.clusterRoleBindings) if (!visitBinding(binding, '')) return;
  if (namespace === '') return;
  for (const binding of policy.roleBindingsByNamespace.get(namespace) ?? []) {
    if (!visitBinding(binding, namespace)) return;
  }
}

/** RulesFor: every rule the user holds in a namespace (cluster-wide rules included). */
export function rulesFor(policy: RbacPolicy, user: UserInfo, namespace: string): RuleSource[] {
  const out: RuleSource[] = [];
  visitRulesFor(policy, user, namespace, (source) => {
    out.push(source);
    return true;
  });
  return out;
}

/** Authorize: the first rule that allows the request, or denied (RBAC has no deny rules: "no opinion"). */
export function authorize(
  policy: RbacPolicy,
  user: UserInfo,
  request: Request,
  options: AuthorizeOptions = {},
): Decision {
  if (options.mastersBypass && user.groups.includes(MASTERS)) return { allowed: true, reason: 'masters' };
  const namespace = request.resourceRequest ? request.namespace : '';
  let by: RuleSource | undefined;
  visitRulesFor(policy, user, namespace, (source) => {
    if (!ruleAllows(request, source.rule)) return true;
    by = source;
    return false;
  });
  return by ? { allowed: true, reason: 'rbac', by } : { allowed: false, reason: 'denied' };
}

/** Upstream's reason string: `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`. */
export function describeSource(source: RuleSource): string {
  const subject = source.binding.subjects[source.subjectIndex];
  const who = subject ? `${subject.kind} "${subject.name}"` : 'subject';
  return `allowed by ${describeBinding(source.binding)} of ${source.binding.roleRef.kind} "${source.binding.roleRef.name}" to ${who}`;
}
