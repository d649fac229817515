import type { Decision, AuthorizeOptions, RuleSource } from './authorizer.js';
import type { RbacBinding, RbacPolicy, RbacRole } from './policy.js';
import { ruleAllows } from './rules.js';
import {
  appliesTo,
  MASTERS,
  serviceAccountUser,
  splitServiceAccountUsername,
  subjectKey,
  subjectNodeId,
  impersonatedUser,
} from './subjects.js';
import type { Request, Subject, UserInfo } from './types.js';

/**
 * The subject index: every User, Group and ServiceAccount a binding names, and every ServiceAccount the inventory
 * holds, mapped to the bindings that apply to it, cluster-wide and per namespace. Built once in one pass over the
 * bindings; a question about a user then looks at the user's own entry and those of its groups only.
 */

/** A binding that applies to a subject. */
export interface Grant {
  binding: RbacBinding;
  role: RbacRole;
}

interface Entry {
  cluster: Grant[];
  byNamespace: Map<string, Grant[]>;
}

/** One identity the index knows. */
export interface SubjectRecord {
  /** Node id (DESIGN.md §4): `ServiceAccount:<ns>/<name>`, `User:<name>`, `Group:<name>`. */
  id: string;
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
  /** The identity the API server sees: user name and every group (service accounts carry their implied groups). */
  user: UserInfo;
  /** Named by a binding (as opposed to only present in the inventory). */
  bound: boolean;
}

export interface WhoCanEntry {
  subject: Subject;
  /** Node id of the subject. */
  subjectId: string;
  binding: RbacBinding;
  role: RbacRole;
  ruleIndex: number;
  /** The namespace the grant holds in; undefined for ClusterRoleBindings (every namespace and cluster-wide). */
  namespace?: string;
}

/** A user's effective rules: cluster-wide (ClusterRoleBindings) and, per namespace, the RoleBindings' on top. */
export interface EffectivePermissions {
  user: UserInfo;
  cluster: RuleSource[];
  namespaces: Map<string, RuleSource[]>;
  masters: boolean;
}

export interface IndexOptions {
  /** Service accounts the input holds (they have permissions through their groups even when no binding names them). */
  serviceAccounts?: Iterable<{ namespace: string; name: string }>;
}

export class RbacIndex {
  readonly policy: RbacPolicy;
  private readonly entries = new Map<string, Entry>();
  /** Namespace → service account names: from the inventory and from binding subjects. */
  readonly serviceAccounts = new Map<string, Set<string>>();
  private readonly records = new Map<string, SubjectRecord>();

  constructor(policy: RbacPolicy, options: IndexOptions = {}) {
    this.policy = policy;
    for (const sa of options.serviceAccounts ?? []) this.addServiceAccount(sa.namespace, sa.name, false);
    for (const binding of policy.clusterRoleBindings) this.addBinding(binding);
    for (const binding of policy.roleBindings) this.addBinding(binding);
  }

  private addServiceAccount(namespace: string, name: string, bound: boolean): void {
    let names = this.serviceAccounts.get(namespace);
    if (!names) this.serviceAccounts.set(namespace, (names = new Set()));
    names.add(name);
    const id = `ServiceAccount:${namespace}/${name}`;
    const existing = this.records.get(id);
    if (existing) {
      existing.bound ||= bound;
      return;
    }
    this.records.set(id, {
      id,
      kind: 'ServiceAccount',
      name,
      namespace,
      user: serviceAccountUser(namespace, name),
      bound,
    });
  }

  private addBinding(binding: RbacBinding): void {
    const namespace = binding.namespace ?? '';
    const seen = new Set<string>();
    for (const subject of binding.subjects) {
      const key = subjectKey(subject, namespace);
      const id = subjectNodeId(subject, namespace);
      if (!key || !id) continue;
      this.addRecord(subject, namespace, id);
      if (!binding.role || seen.has(key)) continue;
      seen.add(key);
      let entry = this.entries.get(key);
      if (!entry) this.entries.set(key, (entry = { cluster: [], byNamespace: new Map() }));
      const grant: Grant = { binding, role: binding.role };
      if (binding.kind === 'ClusterRoleBinding') {
        entry.cluster.push(grant);
      } else {
        let list = entry.byNamespace.get(namespace);
        if (!list) entry.byNamespace.set(namespace, (list = []));
        list.push(grant);
      }
    }
  }

  private addRecord(subject: Subject, bindingNamespace: string, id: string): void {
    if (id.startsWith('ServiceAccount:')) {
      const sa =
        subject.kind === 'ServiceAccount'
          ? { namespace: subject.namespace ? subject.namespace : bindingNamespace, name: subject.name }
          : splitServiceAccountUsername(subject.name)!;
      this.addServiceAccount(sa.namespace, sa.name, true);
      return;
    }
    if (this.records.has(id)) return;
    const kind = subject.kind as 'User' | 'Group';
    this.records.set(id, {
      id,
      kind,
      name: subject.name,
      bound: true,
      user: kind === 'User' ? impersonatedUser(subject.name) : impersonatedUser('', [subject.name]),
    });
  }

  /** Every identity: the subjects bindings name and the service accounts of the input. */
  subjects(): SubjectRecord[] {
    return [...this.records.values()];
  }

  subject(id: string): SubjectRecord | undefined {
    return this.records.get(id);
  }

  private entriesFor(user: UserInfo): Entry[] {
    const out: Entry[] = [];
    const own = this.entries.get(`User:${user.name}`);
    if (own) out.push(own);
    for (const g of user.groups) {
      const e = this.entries.get(`Group:${g}`);
      if (e && !out.includes(e)) out.push(e);
    }
    return out;
  }

  /** The bindings that apply to a user: cluster-wide, and per namespace. Sorted in evaluation order. */
  grantsFor(user: UserInfo): { cluster: Grant[]; byNamespace: Map<string, Grant[]> } {
    const cluster: Grant[] = [];
    const byNamespace = new Map<string, Grant[]>();
    const seen = new Set<RbacBinding>();
    for (const entry of this.entriesFor(user)) {
      for (const g of entry.cluster) {
        if (seen.has(g.binding)) continue;
        seen.add(g.binding);
        cluster.push(g);
      }
      for (const [ns, grants] of entry.byNamespace) {
        let list = byNamespace.get(ns);
        for (const g of grants) {
          if (seen.has(g.binding)) continue;
          seen.add(g.binding);
          if (!list) byNamespace.set(ns, (list = []));
          list.push(g);
        }
      }
    }
    const byOrdinal = (a: Grant, b: Grant): number => a.binding.ordinal - b.binding.ordinal;
    cluster.sort(byOrdinal);
    for (const list of byNamespace.values()) list.sort(byOrdinal);
    return { cluster, byNamespace };
  }

  private candidateGrants(user: UserInfo, namespace: string): Grant[] {
    const out: Grant[] = [];
    const seen = new Set<RbacBinding>();
    const add = (g: Grant): void => {
      if (seen.has(g.binding)) return;
      seen.add(g.binding);
      out.push(g);
    };
    for (const entry of this.entriesFor(user)) {
      entry.cluster.forEach(add);
      if (namespace !== '') entry.byNamespace.get(namespace)?.forEach(add);
    }
    return out;
  }

  /**
   * The authorizer's decision from the index. It names the same binding and rule the authorizer's own walk would
   * (the first binding in evaluation order with an allowing rule, and that binding's first such rule).
   */
  authorize(user: UserInfo, request: Request, options: AuthorizeOptions = {}): Decision {
    if (options.mastersBypass && user.groups.includes(MASTERS)) return { allowed: true, reason: 'masters' };
    const namespace = request.resourceRequest ? request.namespace : '';
    let best: RuleSource | undefined;
    for (const grant of this.candidateGrants(user, namespace)) {
      if (best && best.binding.ordinal < grant.binding.ordinal) continue;
      const rules = grant.role.rules;
      for (let i = 0; i < rules.length; i++) {
        if (!ruleAllows(request, rules[i]!)) continue;
        const ns = grant.binding.namespace ?? '';
        best = {
          binding: grant.binding,
          role: grant.role,
          subjectIndex: appliesTo(user, grant.binding.subjects, ns),
          rule: rules[i]!,
          ruleIndex: i,
        };
        break;
      }
    }
    return best ? { allowed: true, reason: 'rbac', by: best } : { allowed: false, reason: 'denied' };
  }

  /** Every rule the user holds in a namespace ('' = cluster-wide only), in evaluation order. */
  rulesFor(user: UserInfo, namespace: string): RuleSource[] {
    const grants = this.candidateGrants(user, namespace).sort((a, b) => a.binding.ordinal - b.binding.ordinal);
    const out: RuleSource[] = [];
    for (const g of grants) {
      const subjectIndex = appliesTo(user, g.binding.subjects, g.binding.namespace ?? '');
      g.role.rules.forEach((rule, ruleIndex) => out.push({ ...g, subjectIndex, rule, ruleIndex }));
    }
    return out;
  }

  /** A user's effective permissions: what ClusterRoleBindings grant everywhere, and what RoleBindings add per namespace. */
  permissions(user: UserInfo): EffectivePermissions {
    const { cluster, byNamespace } = this.grantsFor(user);
    const sources = (grants: Grant[]): RuleSource[] =>
      grants.flatMap((g) => {
        const subjectIndex = appliesTo(user, g.binding.subjects, g.binding.namespace ?? '');
        return g.role.rules.map((rule, ruleIndex) => ({ ...g, subjectIndex, rule, ruleIndex }));
      });
    const namespaces = new Map<string, RuleSource[]>();
    for (const ns of [...byNamespace.keys()].sort()) namespaces.set(ns, sources(byNamespace.get(ns)!));
    return { user, cluster: sources(cluster), namespaces, masters: user.groups.includes(MASTERS) };
  }

  /**
   * Every subject a binding grants the request to: ClusterRoleBindings, and the RoleBindings of the request's
   * namespace (of every namespace with `allNamespaces`, for namespaced resources). Subjects are listed as the
   * bindings name them (a Group stands for all its members).
   */
  whoCan(request: Request, options: { allNamespaces?: boolean } = {}): WhoCanEntry[] {
    const out: WhoCanEntry[] = [];
    const allowedByRole = new Map<RbacRole, number>();
    const ruleFor = (role: RbacRole): number => {
      let index = allowedByRole.get(role);
      if (index === undefined) {
        index = role.rules.findIndex((r) => ruleAllows(request, r));
        allowedByRole.set(role, index);
      }
      return index;
    };
    const visit = (binding: RbacBinding): void => {
      if (!binding.role) return;
      const ruleIndex = ruleFor(binding.role);
      if (ruleIndex < 0) return;
      const ns = binding.namespace ?? '';
      for (const subject of binding.subjects) {
        const subjectId = subjectNodeId(subject, ns);
        if (!subjectId || !subjectKey(subject, ns)) continue;
        const entry: WhoCanEntry = { subject, subjectId, binding, role: binding.role, ruleIndex };
        if (binding.namespace) entry.namespace = binding.namespace;
        out.push(entry);
      }
    };
    for (const binding of this.policy.clusterRoleBindings) visit(binding);
    if (request.resourceRequest && request.namespace !== '') {
      for (const binding of this.policy.roleBindingsByNamespace.get(request.namespace) ?? []) visit(binding);
    } else if (request.resourceRequest && options.allNamespaces) {
      for (const binding of this.policy.roleBindings) visit(binding);
    }
    return out;
  }
}

/** Builds the subject index over a policy. */
export function buildIndex(policy: RbacPolicy, options: IndexOptions = {}): RbacIndex {
  return new RbacIndex(policy, options);
}
