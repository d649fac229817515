import { CAPABILITY_BY_ID, type CapabilityId } from './capabilities.js';
import type { ClusterFacts } from './facts.js';
import { describeGrant, RBAC_GROUP, type RbacBinding, type RbacPolicy, type RbacRole } from './policy.js';
import { apiGroupMatches, makeRule, resourceMatches, verbMatches } from './rules.js';
import type { RbacIndex } from './subject-index.js';
import { impersonatedUser, MASTERS, serviceAccountUser, splitServiceAccountUsername } from './subjects.js';
import type { PolicyRule, UserInfo } from './types.js';

/**
 * The escalation analysis: who holds which capability of the catalogue (honouring resourceNames: a permission
 * limited to named objects reaches only those), and the graph those capabilities make between identities. An
 * identity that reaches the `ClusterAdmin` node through any chain is cluster-admin equivalent, and the chain says how.
 *
 * Graph nodes are identities (`ServiceAccount:<ns>/<name>`, `User:<name>`, `Group:<name>`), `ClusterAdmin`, and a few
 * intermediate nodes that keep the graph linear in size:
 * - `AnySA:<ns>` (`AnySA:*`): run as any service account of a namespace (of every namespace);
 * - `PodSA:<ns>` (`PodSA:*`): the service accounts whose tokens the pods of a namespace hold;
 * - `AnyUser`: every user a binding names;
 * - `Grant:<Kind>/<role>@<scope>`: the rules of a role granted at a scope (`cluster`, `*` = every namespace, or one
 *   namespace), which is what binding a role to oneself gives;
 * - `NamespaceAdmin:<ns>`: every permission within a namespace.
 */

/** A rule a holder has, and where it comes from (no binding for the rules of a node such as `Grant:`). */
export interface Evidence {
  binding?: RbacBinding;
  role?: RbacRole;
  rule: PolicyRule;
  ruleIndex: number;
}

/** `all`, or the only resource names the permission reaches. */
export type Names = 'all' | readonly string[];

export type CapabilityScope =
  { kind: 'cluster' } | { kind: 'allNamespaces' } | { kind: 'namespace'; namespace: string };

export interface CapabilityGrant {
  capability: CapabilityId;
  /** Node id of who holds it. */
  holder: string;
  scope: CapabilityScope;
  /** Which permission exactly, e.g. `impersonate groups`, `create pods`. */
  detail: string;
  names: Names;
  /** The rules (with their bindings) the capability rests on. */
  evidence: Evidence[];
  /** Node ids it leads to in the escalation graph. */
  targets: string[];
}

export type EdgeKind = CapabilityId | 'RUN_AS' | 'MASTERS';

export interface EscalationEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** For people: the permission and the binding that make the step possible. */
  because: string;
  evidence: Evidence[];
}

export const CLUSTER_ADMIN = 'ClusterAdmin';

type NameSet = 'all' | Set<string>;
interface Held {
  names: NameSet;
  evidence: Evidence[];
}

const CORE = [''];
const RBAC = [RBAC_GROUP];
const FULL_RULE = makeRule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });

/** The workload controllers, in every API group they live in (pods embed nothing else the API server runs). */
const CONTROLLERS: readonly [string, string][] = [
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['extensions', 'deployments'],
  ['extensions', 'daemonsets'],
  ['extensions', 'replicasets'],
  ['', 'replicationcontrollers'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

function matchesResource(rule: PolicyRule, combined: string): boolean {
  if (combined === 'userextras/*') {
    return rule.resources.some((r) => r === '*' || r.startsWith('userextras/') || r.startsWith('*/'));
  }
  const slash = combined.indexOf('/');
  return resourceMatches(rule, combined, slash < 0 ? '' : combined.slice(slash + 1));
}

/** The names a profile reaches for any of the verbs on any of the resources, or undefined when it reaches none. */
type Query = [verbs: readonly string[], groups: readonly string[], resources: readonly string[]];
/** While set, every question `held` is asked is written down (see `interesting`). */
let recording: Query[] | undefined;

function matchesQuery(r: PolicyRule, [verbs, groups, resources]: Query): boolean {
  return (
    r.resources.length > 0 &&
    verbs.some((v) => verbMatches(r, v)) &&
    groups.some((g) => apiGroupMatches(r, g)) &&
    resources.some((res) => matchesResource(r, res))
  );
}

function held(
  profile: readonly Evidence[],
  verbs: readonly string[],
  groups: readonly string[],
  resources: readonly string[],
): Held | undefined {
  recording?.push([verbs, groups, resources]);
  let names: NameSet | undefined;
  const evidence: Evidence[] = [];
  for (const ev of profile) {
    const r = ev.rule;
    if (r.resources.length === 0) continue;
    if (!verbs.some((v) => verbMatches(r, v))) continue;
    if (!groups.some((g) => apiGroupMatches(r, g))) continue;
    if (!resources.some((res) => matchesResource(r, res))) continue;
    evidence.push(ev);
    if (r.resourceNames.length === 0) names = 'all';
    else if (names !== 'all') {
      names ??= new Set();
      for (const n of r.resourceNames) names.add(n);
    }
  }
  return names === undefined ? undefined : { names, evidence };
}

function allNames(h: Held | undefined): h is Held {
  return h !== undefined && h.names === 'all';
}

function hasName(names: NameSet, name: string): boolean {
  return names === 'all' || names.has(name);
}

function intersect(a: NameSet, b: NameSet): NameSet {
  if (a === 'all') return b;
  if (b === 'all') return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function union(a: Held | undefined, b: Held | undefined): Held | undefined {
  if (!a) return b;
  if (!b) return a;
  const names: NameSet = a.names === 'all' || b.names === 'all' ? 'all' : new Set([...a.names, ...b.names]);
  return { names, evidence: [...a.evidence, ...b.evidence] };
}

function namesOut(names: NameSet): Names {
  return names === 'all' ? 'all' : [...names].sort();
}

function namesText(names: NameSet): string {
  return names === 'all' ? '' : ` (names: ${[...names].sort().join(', ')})`;
}

/** A role bound to the holder, and where: `cluster` (ClusterRoleBinding), `*` (any namespace), or a namespace. */
interface BoundRole {
  role: RbacRole;
  at: string;
}

interface Ctx {
  /** `cluster` (cluster-scoped resources), `*` (every namespace) or a namespace. */
  scope: string;
  profile: readonly Evidence[];
  /** For a namespace: the rules only its RoleBindings grant. */
  local: readonly Evidence[];
  /** Rules that apply cluster-wide (ClusterRoleBindings); empty for nodes that hold rules in namespaces only. */
  cluster: readonly Evidence[];
  bound: readonly BoundRole[];
  facts: ClusterFacts;
  policy: RbacPolicy;
}

interface RawGrant {
  capability: CapabilityId;
  detail: string;
  names: NameSet;
  evidence: Evidence[];
  targets: string[];
  /** Overrides the context's scope (cluster-scoped parts of a namespaced capability). */
  scope?: string;
}

const anySA = (scope: string): string => `AnySA:${scope}`;
const podSA = (scope: string): string => `PodSA:${scope}`;
const namespaceAdmin = (scope: string): string => `NamespaceAdmin:${scope}`;
const saId = (ns: string, name: string): string => `ServiceAccount:${ns}/${name}`;
const where = (scope: string): string =>
  scope === 'cluster' ? 'cluster-wide' : scope === '*' ? 'in every namespace' : `in namespace ${scope}`;

function namespacesOf(ctx: Ctx): string[] {
  if (ctx.scope !== '*') return [ctx.scope];
  return [...new Set([...ctx.facts.serviceAccounts.keys(), ...ctx.facts.namespaces])];
}

/** Known service accounts with one of the names, in the context's namespace(s). */
function namedServiceAccounts(ctx: Ctx, names: NameSet): string[] {
  if (names === 'all') return [anySA(ctx.scope)];
  const out: string[] = [];
  for (const ns of namespacesOf(ctx)) {
    const known = ctx.facts.serviceAccounts.get(ns);
    for (const n of names) if (known?.has(n)) out.push(saId(ns, n));
  }
  return out;
}

/** The service accounts whose tokens pods with one of the names hold. */
function podTargets(ctx: Ctx, names: NameSet): string[] {
  if (names === 'all') return [podSA(ctx.scope)];
  const out = new Set<string>();
  for (const ns of namespacesOf(ctx)) {
    for (const p of ctx.facts.podsByNamespace.get(ns) ?? []) {
      if (p.token && p.podNames.some((n) => names.has(n))) out.add(saId(p.namespace, p.serviceAccount));
    }
  }
  return [...out];
}

function grant(capability: CapabilityId, detail: string, h: Held, targets: string[] = []): RawGrant {
  return { capability, detail: detail + namesText(h.names), names: h.names, evidence: h.evidence, targets };
}

/** Whether some ClusterRole grants everything (binding it is full control where it is bound). */
function fullRoleExists(policy: RbacPolicy): boolean {
  for (const r of policy.clusterRoles.values()) {
    if (r.rules.some((rule) => verbMatches(rule, '*') && apiGroupMatches(rule, '*') && matchesResource(rule, '*'))) {
      return true;
    }
  }
  return false;
}

type Evaluator = (ctx: Ctx) => RawGrant[];

const NAMESPACED: Partial<Record<CapabilityId, Evaluator>> = {
  WILDCARD: (ctx) => {
    const h = held(ctx.profile, ['*'], ['*'], ['*']);
    if (!allNames(h)) return [];
    const clusterWide = ctx.scope === '*' && ctx.cluster.length > 0 && allNames(held(ctx.cluster, ['*'], ['*'], ['*']));
    if (clusterWide) return [{ ...grant('WILDCARD', 'do anything (* on *.*)', h, [CLUSTER_ADMIN]), scope: 'cluster' }];
    return [grant('WILDCARD', 'do anything (* on *.*)', h, [namespaceAdmin(ctx.scope)])];
  },
  ESCALATE: (ctx) => {
    const esc = held(ctx.profile, ['escalate'], RBAC, ['roles']);
    if (!esc) return [];
    const write = held(ctx.profile, ['update', 'patch'], RBAC, ['roles']);
    const create = held(ctx.profile, ['create'], RBAC, ['roles']);
    if (!write && !allNames(create)) return [];
    const writable = write ? intersect(esc.names, write.names) : new Set<string>();
    const targets = ctx.bound
      .filter((b) => b.role.kind === 'Role' && hasName(writable, b.role.name) && b.at !== 'cluster')
      .filter((b) => ctx.scope === '*' || b.at === ctx.scope)
      .map((b) => namespaceAdmin(b.at));
    const evidence = union(union(esc, write), create)!;
    return [{ ...grant('ESCALATE', 'escalate roles', esc, [...new Set(targets)]), evidence: evidence.evidence }];
  },
  BIND: (ctx) => {
    const bindRoles = held(ctx.profile, ['bind'], RBAC, ['roles']);
    const bindClusterRoles = held(ctx.profile, ['bind'], RBAC, ['clusterroles']);
    if (!bindRoles && !bindClusterRoles) return [];
    const create = held(ctx.profile, ['create'], RBAC, ['rolebindings']);
    const update = held(ctx.profile, ['update', 'patch'], RBAC, ['rolebindings']);
    if (!allNames(create) && !update) return [];
    const targets = new Set<string>();
    const canCreate = allNames(create);
    const bindable = (kind: 'Role' | 'ClusterRole', name: string): boolean =>
      kind === 'Role'
        ? bindRoles !== undefined && hasName(bindRoles.names, name)
        : bindClusterRoles !== undefined && hasName(bindClusterRoles.names, name);
    if (canCreate && bindClusterRoles?.names === 'all' && fullRoleExists(ctx.policy)) {
      targets.add(namespaceAdmin(ctx.scope));
    } else if (canCreate) {
      for (const r of ctx.policy.clusterRoles.values()) {
        if (bindable('ClusterRole', r.name)) targets.add(`Grant:ClusterRole/${r.name}@${ctx.scope}`);
      }
      for (const r of ctx.policy.roles.values()) {
        if ((ctx.scope === '*' || r.namespace === ctx.scope) && bindable('Role', r.name)) {
          targets.add(`Grant:Role/${r.namespace}/${r.name}@${r.namespace}`);
        }
      }
    }
    if (update) {
      const bindings =
        ctx.scope === '*' ? ctx.policy.roleBindings : (ctx.policy.roleBindingsByNamespace.get(ctx.scope) ?? []);
      for (const b of bindings) {
        if (!b.role || !hasName(update.names, b.name) || !bindable(b.role.kind, b.role.name)) continue;
        targets.add(
          b.role.kind === 'Role'
            ? `Grant:Role/${b.namespace}/${b.role.name}@${b.namespace}`
            : `Grant:ClusterRole/${b.role.name}@${b.namespace}`,
        );
      }
    }
    const h = union(bindRoles, bindClusterRoles)!;
    const what = [bindRoles ? 'roles' : '', bindClusterRoles ? 'clusterroles' : ''].filter((x) => x).join(', ');
    const out = grant('BIND', `bind ${what}, ${canCreate ? 'create' : 'update'} rolebindings`, h, [...targets]);
    out.evidence = union(union(h, create), update)!.evidence;
    return [out];
  },
  MODIFY_ROLES: (ctx) => {
    const h = held(ctx.profile, ['create', 'update', 'patch'], RBAC, ['roles', 'rolebindings']);
    return h ? [grant('MODIFY_ROLES', 'write roles or rolebindings', h)] : [];
  },
  IMPERSONATE: (ctx) => {
    const out: RawGrant[] = [];
    const legacy = held(ctx.profile, ['impersonate'], CORE, ['serviceaccounts']);
    if (legacy)
      out.push(grant('IMPERSONATE', 'impersonate serviceaccounts', legacy, namedServiceAccounts(ctx, legacy.names)));
    const constrained = held(
      ctx.profile,
      ['impersonate:serviceaccount'],
      ['authentication.k8s.io'],
      ['serviceaccounts'],
    );
    if (constrained) {
      out.push(
        grant(
          'IMPERSONATE',
          'impersonate service accounts (constrained impersonation, limited to the impersonate-on verbs granted)',
          constrained,
        ),
      );
    }
    return out;
  },
  CREATE_POD: (ctx) => {
    const h = held(ctx.profile, ['create'], CORE, ['pods']);
    return allNames(h) ? [grant('CREATE_POD', 'create pods', h, [anySA(ctx.scope)])] : [];
  },
  CREATE_WORKLOAD: (ctx) => {
    let all: Held | undefined;
    const kinds: string[] = [];
    for (const [group, resource] of CONTROLLERS) {
      const h = held(ctx.profile, ['create'], [group], [resource]);
      if (!allNames(h)) continue;
      kinds.push(group === '' ? resource : `${resource}.${group}`);
      all = union(all, h);
    }
    return all ? [grant('CREATE_WORKLOAD', `create ${kinds.join(', ')}`, all, [anySA(ctx.scope)])] : [];
  },
  MODIFY_WORKLOAD: (ctx) => {
    let all: Held | undefined;
    const kinds: string[] = [];
    for (const [group, resource] of CONTROLLERS) {
      const h = held(ctx.profile, ['update', 'patch'], [group], [resource]);
      if (!h) continue;
      kinds.push(group === '' ? resource : `${resource}.${group}`);
      all = union(all, h);
    }
    // Whichever controller it may change, it may set the template's service account: any of the namespace.
    return all ? [grant('MODIFY_WORKLOAD', `update/patch ${kinds.join(', ')}`, all, [anySA(ctx.scope)])] : [];
  },
  MODIFY_POD: (ctx) => {
    const h = held(ctx.profile, ['update', 'patch'], CORE, ['pods']);
    return h ? [grant('MODIFY_POD', 'update/patch pods', h, podTargets(ctx, h.names))] : [];
  },
  POD_EXEC: (ctx) => {
    const h = held(ctx.profile, ['create', 'get'], CORE, ['pods/exec']);
    return h ? [grant('POD_EXEC', 'create/get pods/exec', h, podTargets(ctx, h.names))] : [];
  },
  POD_ATTACH: (ctx) => {
    const h = held(ctx.profile, ['create', 'get'], CORE, ['pods/attach']);
    return h ? [grant('POD_ATTACH', 'create/get pods/attach', h, podTargets(ctx, h.names))] : [];
  },
  EPHEMERAL_CONTAINER: (ctx) => {
    const h = held(ctx.profile, ['update', 'patch'], CORE, ['pods/ephemeralcontainers']);
    return h
      ? [grant('EPHEMERAL_CONTAINER', 'update/patch pods/ephemeralcontainers', h, podTargets(ctx, h.names))]
      : [];
  },
  PORT_FORWARD: (ctx) => {
    const h = held(ctx.profile, ['create', 'get'], CORE, ['pods/portforward']);
    return h ? [grant('PORT_FORWARD', 'create/get pods/portforward', h)] : [];
  },
  PROXY: (ctx) => {
    const h = held(ctx.profile, ['get', 'create', 'update', 'patch', 'delete'], CORE, ['pods/proxy', 'services/proxy']);
    return h ? [grant('PROXY', 'proxy to pods or services (pods/proxy, services/proxy)', h)] : [];
  },
  SA_TOKEN: (ctx) => {
    const h = held(ctx.profile, ['create'], CORE, ['serviceaccounts/token']);
    return h ? [grant('SA_TOKEN', 'create serviceaccounts/token', h, namedServiceAccounts(ctx, h.names))] : [];
  },
  READ_SECRETS: (ctx) => {
    const h = held(ctx.profile, ['get', 'list', 'watch'], CORE, ['secrets']);
    if (!h) return [];
    const targets = new Set<string>();
    for (const ns of namespacesOf(ctx)) {
      for (const [secret, sa] of ctx.facts.tokenSecrets.get(ns) ?? []) {
        if (hasName(h.names, secret)) targets.add(saId(ns, sa));
      }
    }
    return [grant('READ_SECRETS', 'get/list/watch secrets', h, [...targets])];
  },
  TOKEN_SECRET: (ctx) => {
    const create = held(ctx.profile, ['create'], CORE, ['secrets']);
    const read = held(ctx.profile, ['get', 'list', 'watch'], CORE, ['secrets']);
    // Reading back must not depend on a name: a name-limited read mostly names a secret that exists already.
    if (!allNames(create) || !allNames(read)) return [];
    const out = grant('TOKEN_SECRET', 'create secrets and read them back', create, [anySA(ctx.scope)]);
    out.evidence = [...create.evidence, ...read.evidence];
    return [out];
  },
  NAMESPACE_LABELS: (ctx) => {
    // Only a RoleBinding's own namespace: GET/PATCH /api/v1/namespaces/<ns> carries that namespace.
    if (ctx.scope === '*') return [];
    const h = held(ctx.local, ['update', 'patch'], CORE, ['namespaces']);
    if (!h || !hasName(h.names, ctx.scope)) return [];
    return [grant('NAMESPACE_LABELS', `update/patch namespace ${ctx.scope}`, { ...h, names: 'all' })];
  },
  NETWORKPOLICY_WRITE: (ctx) => {
    const h = held(
      ctx.profile,
      ['create', 'update', 'patch', 'delete'],
      ['networking.k8s.io', 'extensions'],
      ['networkpolicies'],
    );
    return h ? [grant('NETWORKPOLICY_WRITE', 'write networkpolicies', h)] : [];
  },
  NODE_STEAL_PODS: (ctx) => {
    const nodes = held(ctx.cluster, ['patch', 'update'], CORE, ['nodes', 'nodes/status']);
    if (!nodes) return [];
    const evict = union(
      held(ctx.profile, ['delete'], CORE, ['pods']),
      held(ctx.profile, ['create'], CORE, ['pods/eviction']),
    );
    if (!evict) return [];
    const out = grant('NODE_STEAL_PODS', 'patch nodes and evict or delete pods', evict);
    out.evidence = [...nodes.evidence, ...evict.evidence];
    return [out];
  },
  SERVICE_MITM: (ctx) => {
    const parts: [string, Held | undefined][] = [
      ['create services (externalIPs)', held(ctx.profile, ['create'], CORE, ['services'])],
      ['update/patch services', held(ctx.profile, ['update', 'patch'], CORE, ['services'])],
      ['update/patch services/status', held(ctx.profile, ['update', 'patch'], CORE, ['services/status'])],
      ['write endpoints', held(ctx.profile, ['create', 'update', 'patch'], CORE, ['endpoints'])],
      [
        'write endpointslices',
        held(ctx.profile, ['create', 'update', 'patch'], ['discovery.k8s.io'], ['endpointslices']),
      ],
    ];
    let all: Held | undefined;
    const what: string[] = [];
    for (const [text, h] of parts) {
      if (!h || (text.startsWith('create') && h.names !== 'all')) continue;
      what.push(text);
      all = union(all, h);
    }
    return all ? [grant('SERVICE_MITM', what.join(', '), all)] : [];
  },
  POD_STATUS: (ctx) => {
    const h = held(ctx.profile, ['update', 'patch'], CORE, ['pods/status']);
    return h ? [grant('POD_STATUS', 'update/patch pods/status', h)] : [];
  },
  AWS_AUTH: (ctx) => {
    if (ctx.scope !== '*' && ctx.scope !== 'kube-system') return [];
    const h = held(ctx.profile, ['update', 'patch'], CORE, ['configmaps']);
    if (!h || !hasName(h.names, 'aws-auth')) return [];
    const out = grant('AWS_AUTH', '', h, ctx.facts.eks ? [CLUSTER_ADMIN] : []);
    out.detail = 'update/patch configmap kube-system/aws-auth';
    return [out];
  },
};

const CLUSTER_SCOPED: Partial<Record<CapabilityId, Evaluator>> = {
  ESCALATE: (ctx) => {
    const esc = held(ctx.profile, ['escalate'], RBAC, ['clusterroles']);
    if (!esc) return [];
    const write = held(ctx.profile, ['update', 'patch'], RBAC, ['clusterroles']);
    const create = held(ctx.profile, ['create'], RBAC, ['clusterroles']);
    if (!write && !allNames(create)) return [];
    const writable = write ? intersect(esc.names, write.names) : new Set<string>();
    // Aggregation: a ClusterRole it writes (or creates) with an aggregate-to label extends every aggregated role.
    const aggregates = allNames(create) || writable === 'all' || writable.size > 0;
    const targets = new Set<string>();
    for (const b of ctx.bound) {
      if (b.role.kind !== 'ClusterRole') continue;
      if (!hasName(writable, b.role.name) && !(aggregates && b.role.aggregationSelectors)) continue;
      targets.add(b.at === 'cluster' ? CLUSTER_ADMIN : namespaceAdmin(b.at));
    }
    const out = grant('ESCALATE', 'escalate clusterroles', esc, [...targets]);
    out.evidence = union(union(esc, write), create)!.evidence;
    return [out];
  },
  BIND: (ctx) => {
    const bind = held(ctx.profile, ['bind'], RBAC, ['clusterroles']);
    if (!bind) return [];
    const create = held(ctx.profile, ['create'], RBAC, ['clusterrolebindings']);
    const update = held(ctx.profile, ['update', 'patch'], RBAC, ['clusterrolebindings']);
    if (!allNames(create) && !update) return [];
    const targets = new Set<string>();
    if (allNames(create) && bind.names === 'all' && fullRoleExists(ctx.policy)) {
      targets.add(CLUSTER_ADMIN);
    } else if (allNames(create)) {
      for (const r of ctx.policy.clusterRoles.values()) {
        if (hasName(bind.names, r.name)) targets.add(`Grant:ClusterRole/${r.name}@cluster`);
      }
    }
    if (update) {
      for (const b of ctx.policy.clusterRoleBindings) {
        if (b.role && hasName(update.names, b.name) && hasName(bind.names, b.role.name)) {
          targets.add(`Grant:ClusterRole/${b.role.name}@cluster`);
        }
      }
    }
    const out = grant(
      'BIND',
      `bind clusterroles, ${allNames(create) ? 'create' : 'update'} clusterrolebindings`,
      bind,
      [...targets],
    );
    out.evidence = union(union(bind, create), update)!.evidence;
    return [out];
  },
  MODIFY_ROLES: (ctx) => {
    const h = held(ctx.profile, ['create', 'update', 'patch'], RBAC, ['clusterroles', 'clusterrolebindings']);
    return h ? [grant('MODIFY_ROLES', 'write clusterroles or clusterrolebindings', h)] : [];
  },
  IMPERSONATE: (ctx) => {
    const out: RawGrant[] = [];
    const users = held(ctx.profile, ['impersonate'], CORE, ['users']);
    if (users) {
      const targets =
        users.names === 'all'
          ? ['AnyUser']
          : [...users.names].filter((n) => !splitServiceAccountUsername(n)).map((n) => `User:${n}`);
      out.push(grant('IMPERSONATE', 'impersonate users', users, targets));
    }
    const groups = held(ctx.profile, ['impersonate'], CORE, ['groups']);
    if (groups) {
      const targets =
        groups.names === 'all' || groups.names.has(MASTERS)
          ? [CLUSTER_ADMIN]
          : [...groups.names].map((n) => `Group:${n}`);
      out.push(grant('IMPERSONATE', 'impersonate groups', groups, targets));
    }
    const uids = held(ctx.profile, ['impersonate'], ['authentication.k8s.io'], ['uids']);
    if (uids) out.push(grant('IMPERSONATE', 'impersonate uids', uids));
    const extras = held(ctx.profile, ['impersonate'], ['authentication.k8s.io'], ['userextras/*']);
    if (extras) out.push(grant('IMPERSONATE', 'impersonate userextras', extras));
    const userInfo = held(
      ctx.profile,
      ['impersonate:user-info'],
      ['authentication.k8s.io'],
      ['users', 'groups', 'uids', 'userextras/*'],
    );
    if (userInfo) {
      out.push(
        grant(
          'IMPERSONATE',
          'impersonate users (constrained impersonation, limited to the impersonate-on verbs granted)',
          userInfo,
        ),
      );
    }
    const nodes = held(
      ctx.profile,
      ['impersonate:arbitrary-node', 'impersonate:associated-node'],
      ['authentication.k8s.io'],
      ['nodes'],
    );
    if (nodes) out.push(grant('IMPERSONATE', 'impersonate nodes (constrained impersonation)', nodes));
    return out;
  },
  NODE_PROXY: (ctx) => {
    const h = held(ctx.profile, ['get', 'create'], CORE, ['nodes/proxy']);
    if (!h) return [];
    let targets: string[];
    if (h.names === 'all') {
      targets = [podSA('*')];
    } else {
      const names = h.names;
      targets = [
        ...new Set(
          ctx.facts.pods
            .filter((p) => p.token && p.nodeNames.some((n) => names.has(n)))
            .map((p) => saId(p.namespace, p.serviceAccount)),
        ),
      ];
    }
    return [grant('NODE_PROXY', 'get/create nodes/proxy', h, targets)];
  },
  CSR_SIGN: (ctx) => {
    const create = held(ctx.profile, ['create'], ['certificates.k8s.io'], ['certificatesigningrequests']);
    const approval = held(
      ctx.profile,
      ['update', 'patch'],
      ['certificates.k8s.io'],
      ['certificatesigningrequests/approval'],
    );
    const approve = held(ctx.profile, ['approve'], ['certificates.k8s.io'], ['signers']);
    if (!allNames(create) || !approval || !approve) return [];
    const client =
      hasName(approve.names, 'kubernetes.io/kube-apiserver-client') || hasName(approve.names, 'kubernetes.io/*');
    const read = held(ctx.profile, ['get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']);
    const out = grant(
      'CSR_SIGN',
      client ? 'create and approve CSRs for kubernetes.io/kube-apiserver-client' : 'create and approve CSRs',
      approve,
      client && read ? [CLUSTER_ADMIN] : [],
    );
    out.evidence = [...create.evidence, ...approval.evidence, ...approve.evidence, ...(read?.evidence ?? [])];
    return [out];
  },
  ADMISSION_CONTROL: (ctx) => {
    const out: RawGrant[] = [];
    const write = (resource: string): Held | undefined =>
      union(
        allNames(held(ctx.profile, ['create'], ['admissionregistration.k8s.io'], [resource]))
          ? held(ctx.profile, ['create'], ['admissionregistration.k8s.io'], [resource])
          : undefined,
        held(ctx.profile, ['update', 'patch'], ['admissionregistration.k8s.io'], [resource]),
      );
    const mutating = write('mutatingwebhookconfigurations');
    if (mutating)
      out.push(grant('ADMISSION_CONTROL', 'write mutatingwebhookconfigurations', mutating, [CLUSTER_ADMIN]));
    const validating = write('validatingwebhookconfigurations');
    if (validating) out.push(grant('ADMISSION_CONTROL', 'write validatingwebhookconfigurations', validating));
    for (const [kind, mutates] of [
      ['mutatingadmissionpolicies', true],
      ['validatingadmissionpolicies', false],
    ] as const) {
      const policy = write(kind);
      const binding = write(kind.replace('policies', 'policybindings'));
      if (!policy || !binding) continue;
      const g = grant('ADMISSION_CONTROL', `write ${kind} and their bindings`, policy, mutates ? [CLUSTER_ADMIN] : []);
      g.evidence = [...policy.evidence, ...binding.evidence];
      out.push(g);
    }
    return out;
  },
  CREATE_PV: (ctx) => {
    const h = held(ctx.profile, ['create'], CORE, ['persistentvolumes']);
    return allNames(h) ? [grant('CREATE_PV', 'create persistentvolumes', h)] : [];
  },
  NAMESPACE_LABELS: (ctx) => {
    const h = held(ctx.profile, ['update', 'patch'], CORE, ['namespaces']);
    return h ? [grant('NAMESPACE_LABELS', 'update/patch namespaces', h)] : [];
  },
  NETWORKPOLICY_WRITE: (ctx) => {
    const h = held(
      ctx.profile,
      ['create', 'update', 'patch', 'delete'],
      ['policy.networking.k8s.io'],
      ['adminnetworkpolicies', 'baselineadminnetworkpolicies', 'clusternetworkpolicies'],
    );
    return h ? [grant('NETWORKPOLICY_WRITE', 'write cluster network policies', h)] : [];
  },
  API_EXTENSION: (ctx) => {
    const out: RawGrant[] = [];
    for (const [group, resource] of [
      ['apiextensions.k8s.io', 'customresourcedefinitions'],
      ['apiregistration.k8s.io', 'apiservices'],
    ] as const) {
      const create = held(ctx.profile, ['create'], [group], [resource]);
      const h = union(
        allNames(create) ? create : undefined,
        held(ctx.profile, ['update', 'patch'], [group], [resource]),
      );
      if (h) out.push(grant('API_EXTENSION', `write ${resource}`, h));
    }
    return out;
  },
};

/** The rules a set of grants holds, as evidence. */
function evidenceOf(grants: readonly { binding: RbacBinding; role: RbacRole }[]): Evidence[] {
  const out: Evidence[] = [];
  for (const g of grants)
    g.role.rules.forEach((rule, ruleIndex) => out.push({ binding: g.binding, role: g.role, rule, ruleIndex }));
  return out;
}

function runAll(table: Partial<Record<CapabilityId, Evaluator>>, ctx: Ctx): RawGrant[] {
  const out: RawGrant[] = [];
  for (const evaluate of Object.values(table)) out.push(...evaluate(ctx));
  return out;
}

/** What a holder of some rules can do: cluster-wide rules, and per namespace the rules RoleBindings add there. */
interface Holding {
  cluster: readonly Evidence[];
  /** Rules that hold in every namespace without holding cluster-wide (a role bound in every namespace). */
  everywhere: readonly Evidence[];
  namespaces: Map<string, readonly Evidence[]>;
  bound: readonly BoundRole[];
}

let queries: Query[] | undefined;
const interestingRules = new WeakMap<PolicyRule, boolean>();

/**
 * Whether a rule can matter to any capability: it answers one of the questions the evaluators ask. The questions are
 * collected once by evaluating a holder of every permission (every branch then runs), so that the list cannot fall
 * behind the evaluators. Most rules (reading config maps, leases, events) answer none, and a holder whose rules in a
 * namespace all answer none needs no evaluation there.
 */
function interesting(rule: PolicyRule): boolean {
  let known = interestingRules.get(rule);
  if (known !== undefined) return known;
  if (!queries) {
    recording = [];
    const all = [{ rule: FULL_RULE, ruleIndex: 0 }];
    const facts: ClusterFacts = {
      serviceAccounts: new Map(),
      pods: [],
      podsByNamespace: new Map(),
      tokenSecrets: new Map(),
      cloudIdentities: new Map(),
      namespaces: new Set(),
      eks: true,
    };
    const policy: RbacPolicy = {
      clusterRoles: new Map(),
      roles: new Map(),
      clusterRoleBindings: [],
      roleBindings: [],
      roleBindingsByNamespace: new Map(),
      problems: [],
      defaults: 'off',
      addedDefaults: [],
    };
    for (const scope of ['*', 'kube-system']) {
      runAll(NAMESPACED, { facts, policy, bound: [], scope, profile: all, local: all, cluster: all });
    }
    runAll(CLUSTER_SCOPED, { facts, policy, bound: [], scope: 'cluster', profile: all, local: all, cluster: all });
    queries = recording;
    recording = undefined;
  }
  known = queries.some((q) => matchesQuery(rule, q));
  interestingRules.set(rule, known);
  return known;
}

const anyInteresting = (evidence: readonly Evidence[]): boolean => evidence.some((e) => interesting(e.rule));

/** Results of the cluster-wide part of holdings, by their cluster-wide bindings (shared by most identities). */
type WideMemo = Map<string, { star: RawGrant[]; wide: RawGrant[] }>;

function evaluateHolding(
  h: Holding,
  facts: ClusterFacts,
  policy: RbacPolicy,
  memo?: { map: WideMemo; key: string },
): RawGrant[] {
  const base = { facts, policy, bound: h.bound };
  // Every namespace first: a wildcard's own step is then the first (and shortest) one chains show.
  const everywhere = [...h.cluster, ...h.everywhere];
  let cached = memo?.map.get(memo.key);
  if (!cached) {
    const star = anyInteresting(everywhere)
      ? runAll(NAMESPACED, { ...base, scope: '*', profile: everywhere, local: h.everywhere, cluster: h.cluster })
      : [];
    const cluster = anyInteresting(h.cluster)
      ? runAll(CLUSTER_SCOPED, { ...base, scope: 'cluster', profile: h.cluster, local: h.cluster, cluster: h.cluster })
      : [];
    cached = {
      star,
      wide: [
        ...star.map((g) => ({ ...g, scope: g.scope ?? '*' })),
        ...cluster.map((g) => ({ ...g, scope: 'cluster' })),
      ],
    };
    // Escalation's targets depend on the roles bound in namespaces too: such results are not shared.
    if (memo && !cached.wide.some((g) => g.capability === 'ESCALATE')) memo.map.set(memo.key, cached);
  }
  const star = cached.star;
  const out: RawGrant[] = [...cached.wide];
  const starKeys = new Map(star.map((g) => [`${g.capability}|${g.detail}`, g]));
  const starAll = new Set(star.filter((g) => g.names === 'all').map((g) => g.capability));
  for (const [ns, local] of h.namespaces) {
    if (!anyInteresting(local)) continue;
    const profile = [...everywhere, ...local];
    for (const g of runAll(NAMESPACED, { ...base, scope: ns, profile, local, cluster: h.cluster })) {
      if (starAll.has(g.capability) || starKeys.has(`${g.capability}|${g.detail}`)) continue;
      // Only what the namespace's own bindings add.
      if (!g.evidence.some((e) => local.includes(e))) continue;
      out.push({ ...g, scope: ns });
    }
  }
  return out;
}

function scopeOf(scope: string): CapabilityScope {
  if (scope === 'cluster') return { kind: 'cluster' };
  if (scope === '*') return { kind: 'allNamespaces' };
  return { kind: 'namespace', namespace: scope };
}

export function scopeText(scope: CapabilityScope): string {
  return scope.kind === 'cluster'
    ? 'cluster-wide'
    : scope.kind === 'allNamespaces'
      ? 'in every namespace'
      : `in namespace ${scope.namespace}`;
}

/** The graph node a role granted at a scope stands for (what binding it gives). */
function grantNodeHolding(id: string, policy: RbacPolicy): Holding | undefined {
  const m = /^Grant:(ClusterRole|Role)\/(.+)@([^@]+)$/.exec(id);
  if (!m) return undefined;
  const [, kind, name, at] = m as unknown as [string, 'Role' | 'ClusterRole', string, string];
  // Roles are named `<namespace>/<name>`, the key the policy keeps them by.
  const role = kind === 'ClusterRole' ? policy.clusterRoles.get(name) : policy.roles.get(name);
  if (!role) return undefined;
  const evidence: Evidence[] = role.rules.map((rule, ruleIndex) => ({ role, rule, ruleIndex }));
  const bound = [{ role, at }];
  if (at === 'cluster') return { cluster: evidence, everywhere: [], namespaces: new Map(), bound };
  if (at === '*') return { cluster: [], everywhere: evidence, namespaces: new Map(), bound };
  return { cluster: [], everywhere: [], namespaces: new Map([[at, evidence]]), bound };
}

function describeNode(id: string): string {
  if (id === CLUSTER_ADMIN) return 'full control of the cluster';
  const [kind, rest = ''] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  switch (kind) {
    case 'AnySA':
      return rest === '*' ? 'any service account of any namespace' : `any service account of namespace ${rest}`;
    case 'PodSA':
      return rest === '*'
        ? 'the service account of any running pod'
        : `the service account of any pod in namespace ${rest}`;
    case 'AnyUser':
      return 'any user';
    case 'NamespaceAdmin':
      return rest === '*' ? 'every permission in every namespace' : `every permission in namespace ${rest}`;
    case 'Grant': {
      const at = rest.slice(rest.lastIndexOf('@') + 1);
      const role = rest.slice(0, rest.lastIndexOf('@'));
      return `${role.replace('/', ' ')} bound ${at === 'cluster' ? 'cluster-wide' : at === '*' ? 'in any namespace' : `in namespace ${at}`}`;
    }
    default:
      return `${kind} ${rest}`;
  }
}

export { describeNode };

export interface EscalationGraph {
  /** Capability grants held by identities (pseudo nodes' grants are only in `edges`). */
  grants: CapabilityGrant[];
  /** Every edge, by source node. */
  edges: Map<string, EscalationEdge[]>;
  /** For each node that reaches ClusterAdmin: the next step on a shortest chain. */
  next: Map<string, EscalationEdge>;
  /** Steps to ClusterAdmin, per node that reaches it. */
  distance: Map<string, number>;
}

function becauseOf(g: RawGrant, scope: string): string {
  const ev = g.evidence.find((e) => e.binding) ?? g.evidence[0];
  const via = ev?.binding ? ` via ${describeGrant(ev.binding)}` : ev?.role ? ` (${ev.role.kind} ${ev.role.name})` : '';
  return `${g.detail} ${where(scope)}${via}`;
}

/**
 * Builds the escalation graph over every identity of the index: capability grants, edges to what they reach, and
 * for every node that reaches ClusterAdmin the first step of a shortest chain (one reverse breadth-first search).
 */
export function buildEscalationGraph(index: RbacIndex, facts: ClusterFacts): EscalationGraph {
  const policy = index.policy;
  const grants: CapabilityGrant[] = [];
  const edges = new Map<string, EscalationEdge[]>();
  const done = new Set<string>();
  const queue: string[] = [];
  const cache = new Map<string, RawGrant[]>();
  const wideMemo: WideMemo = new Map();

  const addEdge = (edge: EscalationEdge): void => {
    let list = edges.get(edge.from);
    if (!list) edges.set(edge.from, (list = []));
    list.push(edge);
    if (!done.has(edge.to)) queue.push(edge.to);
  };

  // Evidence per binding, made once: thousands of identities share the same few bindings.
  const evidenceByBinding = new Map<RbacBinding, Evidence[]>();
  const evidenceOfGrants = (grants: readonly { binding: RbacBinding; role: RbacRole }[]): Evidence[] => {
    const out: Evidence[] = [];
    for (const g of grants) {
      let list = evidenceByBinding.get(g.binding);
      if (!list) evidenceByBinding.set(g.binding, (list = evidenceOf([g])));
      for (const e of list) out.push(e);
    }
    return out;
  };

  /** What an identity holds, evaluated once per distinct set of bindings (most service accounts share theirs). */
  const rawGrantsFor = (user: UserInfo): RawGrant[] => {
    const { cluster, byNamespace } = index.grantsFor(user);
    const clusterKey = cluster.map((g) => g.binding.ordinal).join(',');
    let key = clusterKey;
    for (const [ns, list] of byNamespace) key += `;${ns}:${list.map((g) => g.binding.ordinal).join(',')}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const bound: BoundRole[] = [];
    for (const g of cluster) bound.push({ role: g.role, at: 'cluster' });
    const namespaces = new Map<string, readonly Evidence[]>();
    for (const [ns, list] of byNamespace) {
      namespaces.set(ns, evidenceOfGrants(list));
      for (const g of list) bound.push({ role: g.role, at: ns });
    }
    const raw = evaluateHolding(
      { cluster: evidenceOfGrants(cluster), everywhere: [], namespaces, bound },
      facts,
      policy,
      { map: wideMemo, key: clusterKey },
    );
    cache.set(key, raw);
    return raw;
  };

  const emit = (id: string, raw: RawGrant[], identity: boolean): void => {
    for (const g of raw) {
      const scope = g.scope ?? '*';
      if (identity) {
        grants.push({
          capability: g.capability,
          holder: id,
          scope: scopeOf(scope),
          detail: g.detail,
          names: namesOut(g.names),
          evidence: g.evidence,
          targets: g.targets,
        });
      }
      if (!CAPABILITY_BY_ID.get(g.capability)?.chains) continue;
      for (const to of g.targets) {
        if (to === id) continue;
        addEdge({ from: id, to, kind: g.capability, because: becauseOf(g, scope), evidence: g.evidence });
      }
    }
  };

  const processIdentity = (id: string, user: UserInfo): void => {
    if (user.groups.includes(MASTERS)) {
      addEdge({
        from: id,
        to: CLUSTER_ADMIN,
        kind: 'MASTERS',
        because: 'member of system:masters, which the API server lets through before RBAC',
        evidence: [],
      });
    }
    const raw = rawGrantsFor(user);
    emit(id, raw, true);
  };

  const userForId = (id: string): UserInfo | undefined => {
    if (id.startsWith('ServiceAccount:')) {
      const rest = id.slice('ServiceAccount:'.length);
      const slash = rest.indexOf('/');
      return serviceAccountUser(rest.slice(0, slash), rest.slice(slash + 1));
    }
    if (id.startsWith('User:')) return impersonatedUser(id.slice(5));
    if (id.startsWith('Group:')) return impersonatedUser('', [id.slice(6)]);
    return undefined;
  };

  const namespacesOfAll = (): string[] => [...new Set([...facts.serviceAccounts.keys(), ...facts.namespaces])].sort();

  const processNode = (id: string): void => {
    if (done.has(id)) return;
    done.add(id);
    if (id === CLUSTER_ADMIN) return;
    const user = userForId(id);
    if (user) return processIdentity(id, user);
    if (id.startsWith('AnySA:')) {
      const ns = id.slice(6);
      if (ns === '*') {
        for (const n of namespacesOfAll()) {
          addEdge({ from: id, to: anySA(n), kind: 'RUN_AS', because: `in namespace ${n}`, evidence: [] });
        }
      } else {
        for (const name of facts.serviceAccounts.get(ns) ?? []) {
          addEdge({
            from: id,
            to: saId(ns, name),
            kind: 'RUN_AS',
            because: `run as service account ${ns}/${name}`,
            evidence: [],
          });
        }
      }
      return;
    }
    if (id.startsWith('PodSA:')) {
      const ns = id.slice(6);
      if (ns === '*') {
        for (const n of facts.podsByNamespace.keys()) {
          addEdge({ from: id, to: podSA(n), kind: 'RUN_AS', because: `in namespace ${n}`, evidence: [] });
        }
      } else {
        for (const p of facts.podsByNamespace.get(ns) ?? []) {
          if (!p.token) continue;
          addEdge({
            from: id,
            to: saId(p.namespace, p.serviceAccount),
            kind: 'RUN_AS',
            because: `${p.workload} holds the token of service account ${p.namespace}/${p.serviceAccount}`,
            evidence: [],
          });
        }
      }
      return;
    }
    if (id === 'AnyUser') {
      for (const s of index.subjects()) {
        if (s.kind === 'User')
          addEdge({ from: id, to: s.id, kind: 'RUN_AS', because: `impersonate user ${s.name}`, evidence: [] });
      }
      return;
    }
    if (id.startsWith('NamespaceAdmin:')) {
      const ns = id.slice('NamespaceAdmin:'.length);
      const evidence = [{ rule: FULL_RULE, ruleIndex: 0 }];
      const holding: Holding =
        ns === '*'
          ? { cluster: [], everywhere: evidence, namespaces: new Map(), bound: [] }
          : { cluster: [], everywhere: [], namespaces: new Map([[ns, evidence]]), bound: [] };
      emit(id, evaluateHolding(holding, facts, policy), false);
      return;
    }
    const holding = grantNodeHolding(id, policy);
    if (holding) emit(id, evaluateHolding(holding, facts, policy), false);
  };

  for (const s of index.subjects()) processNode(s.id);
  processNode('Group:' + MASTERS);
  while (queue.length > 0) processNode(queue.pop()!);

  // Reverse breadth-first search from ClusterAdmin: the first step of a shortest chain for every node.
  const reverse = new Map<string, EscalationEdge[]>();
  for (const list of edges.values()) {
    for (const e of list) {
      let r = reverse.get(e.to);
      if (!r) reverse.set(e.to, (r = []));
      r.push(e);
    }
  }
  const next = new Map<string, EscalationEdge>();
  const distance = new Map<string, number>([[CLUSTER_ADMIN, 0]]);
  let frontier = [CLUSTER_ADMIN];
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const node of frontier) {
      for (const e of reverse.get(node) ?? []) {
        if (distance.has(e.from)) continue;
        distance.set(e.from, distance.get(node)! + 1);
        next.set(e.from, e);
        following.push(e.from);
      }
    }
    frontier = following;
  }
  return { grants, edges, next, distance };
}

/** The chain of steps from a node to ClusterAdmin, or undefined when it reaches no full control. */
export function chainFrom(graph: EscalationGraph, from: string, first?: EscalationEdge): EscalationEdge[] | undefined {
  const steps: EscalationEdge[] = [];
  let edge = first ?? graph.next.get(from);
  const seen = new Set<string>();
  while (edge) {
    if (seen.has(edge.from)) return undefined;
    seen.add(edge.from);
    steps.push(edge);
    if (edge.to === CLUSTER_ADMIN) return steps;
    edge = graph.next.get(edge.to);
  }
  return undefined;
}

const STAR_HUB = /^(AnySA|PodSA):\*$/;

/** Steps as people count them (picking a namespace out of "every namespace" is no step of its own). */
export function chainLength(steps: readonly EscalationEdge[]): number {
  return steps.filter((s) => !STAR_HUB.test(s.from)).length;
}

/**
 * The chain for people: each step's permission and binding, then what it reaches. Steps out of the every-namespace
 * hubs only pick a namespace; they are folded into the step before.
 */
export function formatChain(steps: readonly EscalationEdge[]): string {
  const parts: { because: string; to: string }[] = [];
  for (const s of steps) {
    const last = parts[parts.length - 1];
    if (STAR_HUB.test(s.from) && last) {
      last.to = describeNode(s.to);
      continue;
    }
    parts.push({ because: s.because, to: describeNode(s.to) });
  }
  return parts.map((p) => `${p.because} → ${p.to}`).join('; then ');
}
