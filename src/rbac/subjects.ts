import type { Subject, UserInfo } from './types.js';

/**
 * Who a binding subject is, and who a user is: pkg/registry/rbac/validation/rule.go (appliesToUser),
 * k8s.io/apiserver/pkg/authentication/serviceaccount (usernames and groups) and the impersonation filter
 * (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go) for the groups an identity carries.
 */

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
/** The group the API server lets through before any authorizer runs. */
export const MASTERS = 'system:masters';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

export function serviceAccountNamespaceGroup(namespace: string): string {
  return `${ALL_SERVICE_ACCOUNTS}:${namespace}`;
}

/** `system:serviceaccount:ns:name` → { namespace, name }; undefined for any other user name. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const rest = username.slice(SERVICE_ACCOUNT_PREFIX.length);
  const parts = rest.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}

/** The identity a service account's token authenticates as. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: serviceAccountUsername(namespace, name),
    groups: [ALL_SERVICE_ACCOUNTS, serviceAccountNamespaceGroup(namespace), AUTHENTICATED],
  };
}

/**
 * The identity `kubectl --as NAME [--as-group G]...` gets, as the impersonation filter builds it: a service-account
 * user name without explicit groups receives the service-account groups; every user but `system:anonymous`
 * receives `system:authenticated` unless the groups already name it or `system:unauthenticated`; anonymous
 * receives `system:unauthenticated`.
 */
export function impersonatedUser(name: string, groups: readonly string[] = []): UserInfo {
  const out = [...groups];
  const sa = splitServiceAccountUsername(name);
  if (sa && groups.length === 0) out.push(ALL_SERVICE_ACCOUNTS, serviceAccountNamespaceGroup(sa.namespace));
  if (name === ANONYMOUS) {
    if (!out.includes(UNAUTHENTICATED)) out.push(UNAUTHENTICATED);
  } else if (!out.includes(AUTHENTICATED) && !out.includes(UNAUTHENTICATED)) {
    out.push(AUTHENTICATED);
  }
  return { name, groups: out };
}

/**
 * appliesToUser: User subjects match the user name exactly (no wildcards: a User `*` matches nobody), Group subjects
 * any of the user's groups, ServiceAccount subjects the service account's user name, their namespace defaulting to
 * `namespace` (the RoleBinding's; '' for ClusterRoleBindings, where a subject without namespace matches nobody).
 */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const saNamespace = subject.namespace ? subject.namespace : namespace;
      if (saNamespace === '') return false;
      return user.name === serviceAccountUsername(saNamespace, subject.name);
    }
    default:
      return false;
  }
}

/** The first subject that applies to the user, as upstream's appliesTo. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], namespace: string): number {
  for (let i = 0; i < subjects.length; i++) if (appliesToUser(user, subjects[i]!, namespace)) return i;
  return -1;
}

/**
 * The key of the identities a subject matches in the subject index: `User:<name>` (service accounts as their user
 * name) or `Group:<name>`; undefined for subjects that match nobody.
 */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `User:${subject.name}`;
    case 'Group':
      return `Group:${subject.name}`;
    case 'ServiceAccount': {
      const ns = subject.namespace ? subject.namespace : bindingNamespace;
      return ns === '' ? undefined : `User:${serviceAccountUsername(ns, subject.name)}`;
    }
    default:
      return undefined;
  }
}

/** The node id of a subject (DESIGN.md §4): `ServiceAccount:<ns>/<name>`, `User:<name>`, `Group:<name>`. */
export function subjectNodeId(subject: Subject, bindingNamespace: string): string | undefined {
  if (subject.kind === 'ServiceAccount') {
    const ns = subject.namespace ? subject.namespace : bindingNamespace;
    return ns === '' ? undefined : `ServiceAccount:${ns}/${subject.name}`;
  }
  if (subject.kind === 'User') {
    const sa = splitServiceAccountUsername(subject.name);
    return sa ? `ServiceAccount:${sa.namespace}/${sa.name}` : `User:${subject.name}`;
  }
  if (subject.kind === 'Group') return `Group:${subject.name}`;
  return undefined;
}

/** How a subject reads in messages: `ServiceAccount argocd/argocd-server`, `User alice`, `Group devs`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `ServiceAccount ${subject.namespace ? subject.namespace : bindingNamespace}/${subject.name}`;
  }
  return `${subject.kind} ${subject.name}`;
}

/** A subject given on the command line: `system:serviceaccount:ns:name`, `ServiceAccount:ns/name`, `User:x`,
 * `Group:x`, or a bare user name (as kubectl --as). */
export type SubjectSpec =
  | { kind: 'User'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'Group'; name: string };

export function parseSubjectSpec(text: string): SubjectSpec | { error: string } {
  if (text === '') return { error: 'empty subject' };
  if (text.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const sa = splitServiceAccountUsername(text);
    if (!sa) return { error: `expected system:serviceaccount:<namespace>:<name>, got "${text}"` };
    return { kind: 'ServiceAccount', ...sa };
  }
  const typed = /^(ServiceAccount|User|Group):(.+)$/.exec(text);
  if (typed) {
    const [, kind, rest] = typed;
    if (kind === 'ServiceAccount') {
      const m = /^([^/]+)\/([^/]+)$/.exec(rest!);
      if (!m) return { error: `expected ServiceAccount:<namespace>/<name>, got "${text}"` };
      return { kind: 'ServiceAccount', namespace: m[1]!, name: m[2]! };
    }
    return { kind: kind as 'User' | 'Group', name: rest! };
  }
  return { kind: 'User', name: text };
}

/** The identity a command-line subject stands for; a Group stands for an otherwise unprivileged member of it. */
export function userForSpec(spec: SubjectSpec, extraGroups: readonly string[] = []): UserInfo {
  switch (spec.kind) {
    case 'ServiceAccount':
      return impersonatedUser(serviceAccountUsername(spec.namespace, spec.name), extraGroups);
    case 'User':
      return impersonatedUser(spec.name, extraGroups);
    case 'Group':
      return impersonatedUser('', [spec.name, ...extraGroups]);
  }
}
