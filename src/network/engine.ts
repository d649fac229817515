/**
 * The reachability engine. Endpoints (pods) are grouped into equivalence classes: two pods are in one class when every
 * predicate the policies use (subjects and peers) says the same of both, they declare the same named ports (for the
 * names some rule uses) and both or neither use the host network. Every predicate is evaluated once per group of
 * pods that agree on the labels selectors read (never per pod, never per rule), and every policy decision is made
 * once per (policy profile, peer signature) and memoised. External addresses are classes too: the blocks ("atoms")
 * into which the policies' CIDRs cut the address space.
 *
 * A connection from A to B is allowed when egress at A and ingress at B both allow it; each direction runs through
 * the tiers: admin (AdminNetworkPolicy / ClusterNetworkPolicy Admin: priority order, first matching rule wins, Pass
 * skips to the next tier), NetworkPolicy (isolation per direction, union of rules, final for selected pods), baseline
 * (BaselineAdminNetworkPolicy / ClusterNetworkPolicy Baseline), then default allow.
 */
import type { Inventory } from '../inventory/types.js';
import { collectEndpoints, type ContainerPort, type EndpointSet } from './endpoints.js';
import { IpAtoms, IpSet, INTERNET, V4_SIZE, parseIp } from './ip.js';
import {
  readPolicies,
  type AdminPolicy,
  type Direction,
  type NetPolicy,
  type PolicyOptions,
  type PolicySet,
  type PortMatch,
  type PredicateSpec,
  type Rule,
} from './policies.js';
import { ConnSet, ConnTable, type Protocol } from './ports.js';
import { matches, type Selector } from '../inventory/selectors.js';

export interface EngineOptions extends PolicyOptions {
  /** More address boundaries to cut the external space at (e.g. the other side's CIDRs in a diff). */
  extraCidrs?: IpSet[];
}

export type ClassKind = 'pod' | 'host' | 'external';

/** Named ports of a class, restricted to the names some rule uses: name → entries. */
export type NamedPortTable = ReadonlyMap<string, readonly { port: number; protocol: Protocol }[]>;

export interface PeerClass {
  id: number;
  kind: ClassKind;
  /** Sorted ids of the predicates this class satisfies. */
  members: Int32Array;
  ports: NamedPortTable;
  /** Signature of `ports` for egress names (classes with equal signatures resolve egress named ports alike). */
  egressPortSig: number;
  /** Number of endpoints (or atoms, for external classes) in the class. */
  size: number;
}

/** One decision a rule or a tier made for part of a connection set, for `explain`. */
export interface TraceStep {
  tier: 'admin' | 'networkpolicy' | 'baseline' | 'default';
  /** The rule that matched; undefined for tier-level outcomes (isolation, default allow). */
  rule?: Rule;
  effect: 'allow' | 'deny' | 'pass' | 'isolated' | 'not-isolated';
  conns: ConnSet;
}

export interface Profile {
  id: number;
  direction: Direction;
  admin: Rule[];
  /** NetworkPolicy rules; undefined when no NetworkPolicy isolates the target in this direction. */
  np: Rule[] | undefined;
  npPolicies: NetPolicy[];
  adminPolicies: AdminPolicy[];
  baselinePolicies: AdminPolicy[];
  baseline: Rule[];
  /** Sorted predicate ids the rules' peers use. */
  refs: number[];
  /** For ingress: the target's own named ports (rules resolve named ports on the destination). */
  ownPorts: NamedPortTable;
  /** Egress rules with named ports: the result depends on the peer's ports. */
  peerPortsMatter: boolean;
  memo: Map<string, number>;
  /** The same decisions with their traces (`traced`), by the same key, made only when asked. */
  traces: Map<string, Traced>;
}

/** A decision with the trace of every rule and tier outcome that made it. */
export interface Traced {
  trace: readonly TraceStep[];
  allowed: ConnSet;
}

const EMPTY_PORTS: NamedPortTable = new Map();

export class NetworkEngine {
  readonly conns = new ConnTable();
  readonly policies: PolicySet;
  readonly endpoints: EndpointSet;
  readonly atoms: IpAtoms;
  readonly classes: PeerClass[] = [];
  /** Endpoint index → class id. */
  readonly classOf: Int32Array;
  /** Atom index → class id. */
  readonly atomClass: Int32Array;
  readonly profiles: Profile[] = [];
  /** Class id → ingress / egress profile id, or -1 when no policy applies (everything allowed). */
  readonly ingressProfile: Int32Array;
  readonly egressProfile: Int32Array;
  /** Predicate id → sorted class ids that satisfy it. */
  readonly predicateClasses: Int32Array[];
  readonly ipBlockMatchesPods: boolean;
  private readonly egressPortSigs = new Map<string, number>();
  private readonly predicateAtoms: (Uint8Array | undefined)[];

  constructor(inventory: Inventory, options: EngineOptions = {}) {
    this.ipBlockMatchesPods = options.ipBlockMatchesPods ?? true;
    this.policies = readPolicies(inventory.objects, { ipBlockMatchesPods: this.ipBlockMatchesPods });
    this.endpoints = collectEndpoints(inventory);
    const specs = this.policies.predicates.specs;
    const boundaries: bigint[] = [...INTERNET.boundaries()];
    for (const spec of specs) if (spec.kind === 'ip') boundaries.push(...spec.set.boundaries());
    for (const extra of options.extraCidrs ?? []) boundaries.push(...extra.boundaries());
    this.atoms = new IpAtoms(boundaries);
    this.predicateAtoms = specs.map((spec) => {
      if (spec.kind !== 'ip') return undefined;
      const bits = new Uint8Array(this.atoms.count);
      for (const a of this.atoms.atomsIn(spec.set)) bits[a] = 1;
      return bits;
    });
    this.classOf = new Int32Array(this.endpoints.endpoints.length);
    this.atomClass = new Int32Array(this.atoms.count);
    this.buildClasses();
    this.predicateClasses = this.indexPredicates();
    this.ingressProfile = new Int32Array(this.classes.length).fill(-1);
    this.egressProfile = new Int32Array(this.classes.length).fill(-1);
    this.buildProfiles();
  }

  // ---- classes -----------------------------------------------------------------------------------------------

  private buildClasses(): void {
    const { endpoints, namespaceLabels, nodes } = this.endpoints;
    const specs = this.policies.predicates.specs;
    const podKeys = this.policies.podKeys;
    const nodeKeys = this.policies.nodeKeys;
    const portNames = new Set([...this.policies.namedPorts.ingress, ...this.policies.namedPorts.egress]);
    const podIpsMatter = specs.some((s) => s.kind === 'ip' && s.matchesPods);
    const nodePredicates = specs.some((s) => s.kind === 'nodes');

    // 1. Raw groups: endpoints that agree on everything any predicate could read.
    interface RawGroup {
      namespace: string;
      host: boolean;
      labels: Record<string, string>;
      nodeLabels: Record<string, string>;
      atoms: number[];
      ports: NamedPortTable;
      portKey: string;
      endpoints: number[];
    }
    const groups: RawGroup[] = [];
    const groupIndex = new Map<string, number>();
    const groupOf = new Int32Array(endpoints.length);
    for (const ep of endpoints) {
      const labels: Record<string, string> = {};
      let labelKey = '';
      for (const k of Object.keys(ep.labels).sort()) {
        if (!podKeys.has(k)) continue;
        labels[k] = ep.labels[k]!;
        labelKey += `${k}=${ep.labels[k]!}\u0001`;
      }
      const atoms: number[] = [];
      if (ep.hostNetwork || podIpsMatter) {
        for (const ip of ep.ips) {
          const a = this.atoms.atomOf(ip);
          if (!atoms.includes(a)) atoms.push(a);
        }
        atoms.sort((x, y) => x - y);
      }
      const nodeLabels: Record<string, string> = {};
      let nodeKey = '';
      if (ep.hostNetwork && nodePredicates) {
        const all = ep.node !== undefined ? (nodes.get(ep.node)?.labels ?? {}) : {};
        for (const k of Object.keys(all).sort()) {
          if (!nodeKeys.has(k)) continue;
          nodeLabels[k] = all[k]!;
          nodeKey += `${k}=${all[k]!}\u0001`;
        }
      }
      const { table, key: portKey } = portTable(ep.ports, portNames);
      const key = `${ep.namespace}\u0000${ep.hostNetwork ? 1 : 0}\u0000${labelKey}\u0000${atoms.join(',')}\u0000${nodeKey}\u0000${portKey}`;
      let g = groupIndex.get(key);
      if (g === undefined) {
        g = groups.length;
        groupIndex.set(key, g);
        groups.push({
          namespace: ep.namespace,
          host: ep.hostNetwork,
          labels,
          nodeLabels,
          atoms,
          ports: table,
          portKey,
          endpoints: [],
        });
      }
      groups[g]!.endpoints.push(ep.index);
      groupOf[ep.index] = g;
    }

    // 2. Evaluate each predicate once per raw group it could concern.
    const members: number[][] = groups.map(() => []);
    const byNamespace = new Map<string, number[]>();
    groups.forEach((g, i) => {
      if (g.host) return;
      const list = byNamespace.get(g.namespace) ?? [];
      list.push(i);
      byNamespace.set(g.namespace, list);
    });
    const groupsByAtom = new Map<number, number[]>();
    groups.forEach((g, i) => {
      for (const a of g.atoms) {
        const list = groupsByAtom.get(a) ?? [];
        list.push(i);
        groupsByAtom.set(a, list);
      }
    });
    const lastPredicate = new Int32Array(groups.length).fill(-1);
    const namespaceMatches = new Map<string, string[]>();
    const namespacesFor = (selector: Selector): string[] => {
      let list = namespaceMatches.get(selector.key);
      if (!list) {
        list = [...byNamespace.keys()].filter((ns) => matches(selector, namespaceLabels.get(ns) ?? {}));
        namespaceMatches.set(selector.key, list);
      }
      return list;
    };
    specs.forEach((spec, id) => {
      if (spec.kind === 'pods') {
        const namespaces = spec.namespace !== undefined ? [spec.namespace] : namespacesFor(spec.namespaceSelector!);
        for (const ns of namespaces) {
          for (const g of byNamespace.get(ns) ?? []) {
            if (matches(spec.podSelector, groups[g]!.labels)) members[g]!.push(id);
          }
        }
      } else if (spec.kind === 'ip') {
        for (const a of this.atoms.atomsIn(spec.set)) {
          for (const g of groupsByAtom.get(a) ?? []) {
            if ((!groups[g]!.host && !spec.matchesPods) || lastPredicate[g] === id) continue;
            lastPredicate[g] = id;
            members[g]!.push(id);
          }
        }
      } else {
        groups.forEach((g, i) => {
          if (g.host && matches(spec.selector, g.nodeLabels)) members[i]!.push(id);
        });
      }
    });

    // 3. Classes: raw groups with the same predicate signature, named ports and host flag are one class.
    const classIndex = new Map<string, number>();
    const classOfGroup = groups.map((g, i) => {
      const key = `${g.host ? 'h' : 'p'}|${members[i]!.join(',')}|${g.portKey}`;
      let c = classIndex.get(key);
      if (c === undefined) {
        c = this.classes.length;
        classIndex.set(key, c);
        this.classes.push({
          id: c,
          kind: g.host ? 'host' : 'pod',
          members: Int32Array.from(members[i]!),
          ports: g.ports,
          egressPortSig: this.egressSig(g.ports),
          size: 0,
        });
      }
      this.classes[c]!.size += g.endpoints.length;
      return c;
    });
    for (let e = 0; e < endpoints.length; e++) this.classOf[e] = classOfGroup[groupOf[e]!]!;

    // 4. External addresses: one class per distinct set of ip predicates an atom is in.
    const ipPredicates = specs.flatMap((s, id) => (s.kind === 'ip' ? [id] : []));
    for (let a = 0; a < this.atoms.count; a++) {
      const inside = ipPredicates.filter((id) => this.predicateAtoms[id]![a] === 1);
      const key = `x|${inside.join(',')}`;
      let c = classIndex.get(key);
      if (c === undefined) {
        c = this.classes.length;
        classIndex.set(key, c);
        this.classes.push({
          id: c,
          kind: 'external',
          members: Int32Array.from(inside),
          ports: EMPTY_PORTS,
          egressPortSig: -1,
          size: 0,
        });
      }
      this.classes[c]!.size++;
      this.atomClass[a] = c;
    }
  }

  private egressSig(table: NamedPortTable): number {
    const names = this.policies.namedPorts.egress;
    if (names.size === 0) return 0;
    const parts: string[] = [];
    for (const [name, entries] of table) {
      if (names.has(name)) parts.push(`${name}=${entries.map((e) => `${e.protocol}/${e.port}`).join('+')}`);
    }
    const key = parts.sort().join(',');
    let sig = this.egressPortSigs.get(key);
    if (sig === undefined) {
      sig = this.egressPortSigs.size;
      this.egressPortSigs.set(key, sig);
    }
    return sig;
  }

  private indexPredicates(): Int32Array[] {
    const lists: number[][] = this.policies.predicates.specs.map(() => []);
    for (const cls of this.classes) for (const p of cls.members) lists[p]!.push(cls.id);
    return lists.map((l) => Int32Array.from(l));
  }

  // ---- profiles ----------------------------------------------------------------------------------------------

  private buildProfiles(): void {
    const bySubject = new Map<number, { np: NetPolicy[]; admin: AdminPolicy[]; baseline: AdminPolicy[] }>();
    const entry = (subject: number) => {
      let e = bySubject.get(subject);
      if (!e) {
        e = { np: [], admin: [], baseline: [] };
        bySubject.set(subject, e);
      }
      return e;
    };
    for (const np of this.policies.networkPolicies) entry(np.subject).np.push(np);
    for (const p of this.policies.admin) entry(p.subject).admin.push(p);
    for (const p of this.policies.baseline) entry(p.subject).baseline.push(p);
    const adminOrder = new Map(this.policies.admin.map((p, i) => [p, i]));
    const baselineOrder = new Map(this.policies.baseline.map((p, i) => [p, i]));
    const index = new Map<string, number>();
    const ingressNames = this.policies.namedPorts.ingress;

    for (const cls of this.classes) {
      if (cls.kind !== 'pod') continue;
      const np: NetPolicy[] = [];
      const admin: AdminPolicy[] = [];
      const baseline: AdminPolicy[] = [];
      for (const p of cls.members) {
        const e = bySubject.get(p);
        if (!e) continue;
        np.push(...e.np);
        admin.push(...e.admin);
        baseline.push(...e.baseline);
      }
      if (np.length + admin.length + baseline.length === 0) continue;
      np.sort((a, b) => a.info.id - b.info.id);
      admin.sort((a, b) => adminOrder.get(a)! - adminOrder.get(b)!);
      baseline.sort((a, b) => baselineOrder.get(a)! - baselineOrder.get(b)!);
      for (const direction of ['ingress', 'egress'] as const) {
        const npD = np.filter((p) => p[direction] !== undefined);
        const adminD = admin.filter((p) => p[direction].length > 0);
        const baselineD = baseline.filter((p) => p[direction].length > 0);
        if (npD.length + adminD.length + baselineD.length === 0) continue;
        let ownKey = '';
        let ownPorts: NamedPortTable = EMPTY_PORTS;
        if (direction === 'ingress' && ingressNames.size > 0) {
          const parts: string[] = [];
          const own = new Map<string, { port: number; protocol: Protocol }[]>();
          for (const [name, entries] of cls.ports) {
            if (!ingressNames.has(name)) continue;
            own.set(name, [...entries]);
            parts.push(`${name}=${entries.map((e) => `${e.protocol}/${e.port}`).join('+')}`);
          }
          ownKey = parts.sort().join(',');
          ownPorts = own;
        }
        const key = [
          direction,
          adminD.map((p) => p.info.id).join(','),
          npD.map((p) => p.info.id).join(','),
          baselineD.map((p) => p.info.id).join(','),
          ownKey,
        ].join('|');
        let id = index.get(key);
        if (id === undefined) {
          id = this.profiles.length;
          index.set(key, id);
          const adminRules = adminD.flatMap((p) => p[direction]);
          const npRules = npD.length > 0 ? npD.flatMap((p) => p[direction]!) : undefined;
          const baselineRules = baselineD.flatMap((p) => p[direction]);
          const refs = new Set<number>();
          let peerPortsMatter = false;
          for (const rule of [...adminRules, ...(npRules ?? []), ...baselineRules]) {
            if (rule.peers !== 'all') for (const p of rule.peers) refs.add(p);
            if (direction === 'egress' && rule.ports.named.length > 0) peerPortsMatter = true;
          }
          this.profiles.push({
            id,
            direction,
            admin: adminRules,
            np: npRules,
            npPolicies: npD,
            adminPolicies: adminD,
            baselinePolicies: baselineD,
            baseline: baselineRules,
            refs: [...refs].sort((a, b) => a - b),
            ownPorts,
            peerPortsMatter,
            memo: new Map(),
            traces: new Map(),
          });
        }
        (direction === 'ingress' ? this.ingressProfile : this.egressProfile)[cls.id] = id;
      }
    }
  }

  // ---- decisions ---------------------------------------------------------------------------------------------

  /**
   * What a profile allows for a peer, given which of its referenced predicates the peer satisfies. With `trace`, every
   * rule and tier outcome is recorded (for `explain`); the result is the same either way.
   */
  decide(
    profile: Profile,
    has: (predicate: number) => boolean,
    peerPorts: NamedPortTable,
    peerKind: ClassKind,
    trace?: TraceStep[],
  ): ConnSet {
    const dstPorts = profile.direction === 'ingress' ? profile.ownPorts : peerKind === 'pod' ? peerPorts : EMPTY_PORTS;
    const matchesPeer = (rule: Rule): boolean => rule.peers === 'all' || rule.peers.some(has);
    let remaining = ConnSet.ALL;
    let allowed = ConnSet.NONE;
    let passed = ConnSet.NONE;
    for (const rule of profile.admin) {
      if (remaining.isEmpty()) break;
      if (!matchesPeer(rule)) continue;
      const m = resolvePorts(rule.ports, dstPorts).intersect(remaining);
      if (m.isEmpty()) continue;
      trace?.push({ tier: 'admin', rule, effect: rule.action, conns: m });
      if (rule.action === 'allow') allowed = allowed.union(m);
      else if (rule.action === 'pass') passed = passed.union(m);
      remaining = remaining.subtract(m);
    }
    let rest = remaining.union(passed);
    if (rest.isEmpty()) return allowed;
    if (profile.np !== undefined) {
      let granted = ConnSet.NONE;
      for (const rule of profile.np) {
        if (!matchesPeer(rule)) continue;
        const m = resolvePorts(rule.ports, dstPorts).intersect(rest);
        if (m.isEmpty()) continue;
        trace?.push({ tier: 'networkpolicy', rule, effect: 'allow', conns: m });
        granted = granted.union(m);
      }
      const refused = rest.subtract(granted);
      if (!refused.isEmpty()) trace?.push({ tier: 'networkpolicy', effect: 'isolated', conns: refused });
      return allowed.union(granted);
    }
    if (trace && profile.np === undefined) trace.push({ tier: 'networkpolicy', effect: 'not-isolated', conns: rest });
    for (const rule of profile.baseline) {
      if (rest.isEmpty()) break;
      if (!matchesPeer(rule)) continue;
      const m = resolvePorts(rule.ports, dstPorts).intersect(rest);
      if (m.isEmpty()) continue;
      trace?.push({ tier: 'baseline', rule, effect: rule.action, conns: m });
      // Pass in the baseline tier hands the traffic to the next tier: the default, which allows.
      if (rule.action !== 'deny') allowed = allowed.union(m);
      rest = rest.subtract(m);
    }
    if (!rest.isEmpty()) trace?.push({ tier: 'default', effect: 'allow', conns: rest });
    return allowed.union(rest);
  }

  /** Which of a profile's referenced predicates a class satisfies, as indexes into `profile.refs`. */
  private matchedRefs(profile: Profile, cls: PeerClass): number[] {
    const out: number[] = [];
    const refs = profile.refs;
    const members = cls.members;
    let i = 0;
    let j = 0;
    while (i < refs.length && j < members.length) {
      if (refs[i]! < members[j]!) i++;
      else if (refs[i]! > members[j]!) j++;
      else {
        out.push(i);
        i++;
        j++;
      }
    }
    return out;
  }

  /** The memo key of a peer under a profile: the references it satisfies, and its named ports where they matter. */
  private peerKey(profile: Profile, matched: number[], peer: PeerClass): string {
    const key = matched.join(',');
    return profile.peerPortsMatter ? `${key}#${peer.kind === 'pod' ? peer.egressPortSig : 'x'}` : key;
  }

  private evaluateMatched(profile: Profile, matched: number[], peer: PeerClass): number {
    const key = this.peerKey(profile, matched, peer);
    let id = profile.memo.get(key);
    if (id === undefined) {
      const set = new Set(matched.map((i) => profile.refs[i]!));
      id = this.conns.id(this.decide(profile, (p) => set.has(p), peer.ports, peer.kind));
      profile.memo.set(key, id);
    }
    return id;
  }

  /** What a profile allows for one peer class (memoised). */
  evaluate(profile: Profile, peer: PeerClass): number {
    return this.evaluateMatched(profile, this.matchedRefs(profile, peer), peer);
  }

  /**
   * What a profile allows for one peer class, with the decision's trace (for `explain` and the graph's network fixes),
   * memoised like `evaluate`: peers that satisfy the same references decide alike. The trace is shared: read only.
   */
  traced(profile: Profile, peer: PeerClass): Traced {
    const matched = this.matchedRefs(profile, peer);
    const key = this.peerKey(profile, matched, peer);
    let out = profile.traces.get(key);
    if (!out) {
      const set = new Set(matched.map((i) => profile.refs[i]!));
      const trace: TraceStep[] = [];
      out = { trace, allowed: this.decide(profile, (p) => set.has(p), peer.ports, peer.kind, trace) };
      profile.traces.set(key, out);
    }
    return out;
  }

  /** Egress allowed from class `src` to class `dst` (connection-set id). */
  egress(src: number, dst: number): number {
    const p = this.egressProfile[src]!;
    return p < 0 ? ConnTable.ALL : this.evaluate(this.profiles[p]!, this.classes[dst]!);
  }

  /** Ingress allowed at class `dst` from class `src` (connection-set id). */
  ingress(dst: number, src: number): number {
    const p = this.ingressProfile[dst]!;
    return p < 0 ? ConnTable.ALL : this.evaluate(this.profiles[p]!, this.classes[src]!);
  }

  /** Connections allowed from one class to another (both directions' policies), as a connection-set id. */
  classConn(src: number, dst: number): number {
    const e = this.egress(src, dst);
    if (e === ConnTable.NONE) return e;
    return this.conns.intersect(e, this.ingress(dst, src));
  }

  /**
   * Fills `out[c]` with what `profile` allows for every class c. Classes are first split into a few groups by the
   * widely used predicates they satisfy (and their egress named ports, where that matters); each group gets one
   * answer. Only classes that satisfy one of the profile's rarer references are evaluated one by one. With `targets`,
   * only those classes are guaranteed to be filled.
   */
  fillProfile(profile: Profile, out: Int32Array, targets?: Int32Array): void {
    const results = this.comboResults(profile);
    const comboOf = this.groupsIndex().comboOf;
    if (targets) for (const c of targets) out[c] = results[comboOf[c]!]!;
    else for (let c = 0; c < out.length; c++) out[c] = results[comboOf[c]!]!;
    for (const list of this.rareTouched(profile))
      for (const c of list) out[c] = this.evaluate(profile, this.classes[c]!);
  }

  /** A profile's answer for each combination of popular predicates (see `groupsIndex`). */
  comboResults(profile: Profile): Int32Array {
    const groups = this.groupsIndex();
    const refs = profile.refs;
    let mask = 0;
    const bitRef: number[] = [];
    for (let i = 0; i < refs.length; i++) {
      const bit = groups.bitOf.get(refs[i]!);
      if (bit !== undefined) {
        mask |= 1 << bit;
        bitRef[bit] = i;
      }
    }
    const results = new Int32Array(groups.combos.length);
    const byKey = new Map<number, number>();
    for (let k = 0; k < groups.combos.length; k++) {
      const combo = groups.combos[k]!;
      const masked = combo.bits & mask;
      // Peers whose answer may differ only through named ports get a key of their own per port signature.
      const dedupe = profile.peerPortsMatter ? -1 : masked;
      let r = dedupe >= 0 ? byKey.get(dedupe) : undefined;
      if (r === undefined) {
        const matched: number[] = [];
        for (let bit = 0; bit < 31; bit++) if (masked & (1 << bit)) matched.push(bitRef[bit]!);
        matched.sort((a, b) => a - b);
        r = this.evaluateMatched(profile, matched, this.classes[combo.representative]!);
        if (dedupe >= 0) byKey.set(dedupe, r);
      }
      results[k] = r;
    }
    return results;
  }

  /** The classes that satisfy one of a profile's rarer references: their answers differ from their combination's. */
  rareTouched(profile: Profile): Int32Array[] {
    const bitOf = this.groupsIndex().bitOf;
    return profile.refs.filter((r) => !bitOf.has(r)).map((r) => this.predicateClasses[r]!);
  }

  /** Class → combination of popular predicates (with kind and egress port signature). */
  get comboOf(): Int32Array {
    return this.groupsIndex().comboOf;
  }

  get comboCount(): number {
    return this.groupsIndex().combos.length;
  }

  private groups: ClassGroups | undefined;

  /** The widely used predicates (up to 31) and the groups of classes that agree on them. */
  private groupsIndex(): ClassGroups {
    if (this.groups) return this.groups;
    const useCount = new Map<number, number>();
    for (const p of this.profiles) for (const r of p.refs) useCount.set(r, (useCount.get(r) ?? 0) + 1);
    const popular = [...useCount]
      .filter(([pred, uses]) => uses >= 2 && this.predicateClasses[pred]!.length > 16)
      .sort((a, b) => b[1] * this.predicateClasses[b[0]]!.length - a[1] * this.predicateClasses[a[0]]!.length)
      .slice(0, 31)
      .map(([pred]) => pred);
    const bitOf = new Map(popular.map((pred, bit) => [pred, bit]));
    const bits = new Int32Array(this.classes.length);
    popular.forEach((pred, bit) => {
      for (const c of this.predicateClasses[pred]!) bits[c] = bits[c]! | (1 << bit);
    });
    const comboOf = new Int32Array(this.classes.length);
    const combos: ClassGroups['combos'] = [];
    const index = new Map<string, number>();
    for (const cls of this.classes) {
      const sig = cls.kind === 'pod' ? cls.egressPortSig : -1;
      const key = `${bits[cls.id]}|${cls.kind}|${sig}`;
      let k = index.get(key);
      if (k === undefined) {
        k = combos.length;
        index.set(key, k);
        combos.push({ bits: bits[cls.id]!, representative: cls.id });
      }
      comboOf[cls.id] = k;
    }
    this.groups = { bitOf, comboOf, combos };
    return this.groups;
  }

  // ---- endpoints ---------------------------------------------------------------------------------------------

  /**
   * Connections allowed from endpoint a to endpoint b: always all to itself; all between a host-network pod and a pod
   * on the same node (traffic to and from a pod's own node is always allowed; an unknown node may be the same one);
   * otherwise what both sides' policies allow.
   */
  endpointConn(a: number, b: number): number {
    if (a === b) return ConnTable.ALL;
    const ea = this.endpoints.endpoints[a]!;
    const eb = this.endpoints.endpoints[b]!;
    if ((ea.hostNetwork || eb.hostNetwork) && mayShareNode(ea.node, eb.node)) return ConnTable.ALL;
    return this.classConn(this.classOf[a]!, this.classOf[b]!);
  }

  /** The addresses of the node an endpoint runs on (none when unknown). */
  nodeAddresses(e: number): readonly bigint[] {
    const node = this.endpoints.endpoints[e]!.node;
    if (node === undefined) return [];
    let ips = this.nodeIps.get(node);
    if (!ips) {
      ips = [];
      for (const a of this.endpoints.nodes.get(node)?.addresses ?? []) {
        if (a.type !== 'InternalIP' && a.type !== 'ExternalIP') continue;
        const ip = parseIp(a.address);
        if (ip !== undefined) ips.push(ip);
      }
      this.nodeIps.set(node, ips);
    }
    return ips;
  }

  private readonly nodeIps = new Map<string, bigint[]>();

  /** Connections from endpoint a to an address (all to its own node's addresses). */
  endpointToIp(a: number, ip: bigint): number {
    if (this.nodeAddresses(a).includes(ip)) return ConnTable.ALL;
    return this.egress(this.classOf[a]!, this.atomClass[this.atoms.atomOf(ip)]!);
  }

  /** Connections from an address to endpoint b (all from its own node's addresses). */
  ipToEndpoint(ip: bigint, b: number): number {
    if (this.nodeAddresses(b).includes(ip)) return ConnTable.ALL;
    return this.ingress(this.classOf[b]!, this.atomClass[this.atoms.atomOf(ip)]!);
  }

  /** Whether some policy names IPv6 space (the map lists IPv6 ranges only then). */
  get hasV6Policies(): boolean {
    this.v6 ??= this.policies.predicates.specs.some((s) => s.kind === 'ip' && s.set.bounds.some((b) => b >= V4_SIZE));
    return this.v6;
  }

  private v6: boolean | undefined;

  predicate(id: number): PredicateSpec {
    return this.policies.predicates.specs[id]!;
  }
}

interface ClassGroups {
  /** Popular predicate id → bit. */
  bitOf: Map<number, number>;
  /** Class → combination of popular-predicate bits, kind and egress port signature. */
  comboOf: Int32Array;
  combos: { bits: number; representative: number }[];
}

export function mayShareNode(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The connections a port condition allows towards a destination with the given named ports. */
export function resolvePorts(match: PortMatch, dstPorts: NamedPortTable): ConnSet {
  if (match.named.length === 0) return match.conns;
  let out = match.conns;
  for (const { name, protocol } of match.named) {
    for (const entry of dstPorts.get(name) ?? []) {
      if (protocol === undefined || protocol === entry.protocol)
        out = out.union(ConnSet.port(entry.protocol, entry.port));
    }
  }
  return out;
}

function portTable(
  ports: readonly ContainerPort[],
  names: ReadonlySet<string>,
): { table: NamedPortTable; key: string } {
  if (names.size === 0) return { table: EMPTY_PORTS, key: '' };
  const table = new Map<string, { port: number; protocol: Protocol }[]>();
  for (const p of ports) {
    if (p.name === undefined || !names.has(p.name)) continue;
    const list = table.get(p.name) ?? [];
    list.push({ port: p.port, protocol: p.protocol });
    table.set(p.name, list);
  }
  if (table.size === 0) return { table: EMPTY_PORTS, key: '' };
  const key = [...table]
    .map(([n, l]) => `${n}=${l.map((e) => `${e.protocol}/${e.port}`).join('+')}`)
    .sort()
    .join(',');
  return { table, key };
}
