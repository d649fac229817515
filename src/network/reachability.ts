/**
 * Workload-level reachability on top of the class engine: which workload can open which connections to which other
 * workload or address range. A workload's connections are the union over its pods (a replica that can reach is an
 * attacker's path); a pod's connections to itself are not listed, nor a workload's to itself.
 *
 * Queries are O(1) after the classes are built (a few memoised lookups); enumerating the whole map touches each pair
 * of classes once and only then expands classes to workloads.
 */
import { createHash } from 'node:crypto';
import type { Inventory, Workload } from '../inventory/types.js';
import { NetworkEngine, type EngineOptions, type Profile } from './engine.js';
import { exposureCidrs } from './exposure.js';
import { IpSet, V4_SIZE, formatRange } from './ip.js';
import { ConnSet, ConnTable } from './ports.js';

interface Side {
  /** Class → group. */
  of: Int32Array;
  /** A class of each group. */
  reps: number[];
  /** The classes of each group. */
  members: number[][];
}

/** Above this many entries the egress table is not built (answers are evaluated per destination instead). */
const MAX_EGRESS_TABLE = 32_000_000;

interface EgressTable {
  table: Int32Array | undefined;
  width: number;
  /** Class → column of its egress profile. */
  profileOf: Int32Array;
  profiles: Profile[];
}

interface SideGroups {
  src: Side;
  dst: Side;
}

/**
 * Ranges with single addresses raised to all connections (a pod's own node), split and merged again; `points` sorted.
 */
export function overlayAll(ranges: readonly RangeConn[], points: readonly bigint[]): RangeConn[] {
  const out: RangeConn[] = [];
  const push = (start: bigint, end: bigint, conn: number) => {
    if (end < start) return;
    const last = out[out.length - 1];
    if (last && last.conn === conn && last.end + 1n === start && start !== V4_SIZE) last.end = end;
    else out.push({ start, end, conn });
  };
  let p = 0;
  for (const r of ranges) {
    let start = r.start;
    while (p < points.length && points[p]! < r.start) p++;
    if (r.conn !== ConnTable.ALL) {
      while (p < points.length && points[p]! <= r.end) {
        push(start, points[p]! - 1n, r.conn);
        push(points[p]!, points[p]!, ConnTable.ALL);
        start = points[p]! + 1n;
        p++;
      }
    }
    push(start, r.end, r.conn);
  }
  return out;
}

/** An address range with what is allowed to or from it. */
export interface RangeConn {
  start: bigint;
  end: bigint;
  conn: number;
}

export class Reachability {
  readonly engine: NetworkEngine;
  readonly workloads: Workload[];
  /** Workload id (`Workload:<ns>/<Kind>/<name>`) → index. */
  readonly workloadIndex = new Map<string, number>();
  /** Distinct classes of each workload's endpoints. */
  readonly workloadClasses: Int32Array[];
  /** Whether a workload runs host-network pods. */
  readonly workloadHost: Uint8Array;
  /** Distinct node indexes of each workload's pods, and whether some pod's node is unknown. */
  private readonly nodesOf: Int32Array[];
  private readonly nodeUnknown: Uint8Array;
  /** For workloads with host-network pods: the nodes those pods run on, as a bitmap over node indexes. */
  private readonly hostNodes = new Map<number, Uint8Array>();
  private readonly hostNodeUnknown: Uint8Array;
  private readonly rows = new Map<number, Int32Array>();
  private readonly cols = new Map<number, Int32Array>();
  private sides: SideGroups | undefined;
  /** Above this many entries the whole-map egress table is not built (answers are evaluated per destination). */
  maxEgressTable = MAX_EGRESS_TABLE;
  private egressFills: EgressTable | undefined;

  constructor(
    readonly inventory: Inventory,
    options: EngineOptions = {},
  ) {
    const extraCidrs = [...(options.extraCidrs ?? []), ...exposureCidrs(inventory.objects)];
    this.engine = new NetworkEngine(inventory, { ...options, extraCidrs });
    this.workloads = this.engine.endpoints.workloads;
    this.workloads.forEach((w, i) => this.workloadIndex.set(w.id, i));
    const { endpoints, byWorkload } = this.engine.endpoints;
    this.workloadClasses = byWorkload.map((eps) => Int32Array.from(new Set(eps.map((e) => this.engine.classOf[e]!))));
    this.workloadHost = Uint8Array.from(byWorkload.map((eps) => (eps.some((e) => endpoints[e]!.hostNetwork) ? 1 : 0)));
    const nodeIndex = new Map<string, number>();
    const indexOf = (node: string) => {
      let i = nodeIndex.get(node);
      if (i === undefined) {
        i = nodeIndex.size;
        nodeIndex.set(node, i);
      }
      return i;
    };
    this.nodeUnknown = new Uint8Array(byWorkload.length);
    this.hostNodeUnknown = new Uint8Array(byWorkload.length);
    this.nodesOf = byWorkload.map((eps, w) => {
      const set = new Set<number>();
      for (const e of eps) {
        const node = endpoints[e]!.node;
        if (node === undefined) this.nodeUnknown[w] = 1;
        else set.add(indexOf(node));
      }
      return Int32Array.from(set);
    });
    byWorkload.forEach((eps, w) => {
      if (this.workloadHost[w] !== 1) return;
      const bits = new Uint8Array(nodeIndex.size);
      for (const e of eps) {
        const ep = endpoints[e]!;
        if (!ep.hostNetwork) continue;
        if (ep.node === undefined) this.hostNodeUnknown[w] = 1;
        else bits[nodeIndex.get(ep.node)!] = 1;
      }
      this.hostNodes.set(w, bits);
    });
  }

  conn(id: number): ConnSet {
    return this.engine.conns.get(id);
  }

  /** Finds a workload by id, `ns/Kind/name`, `ns/name` or `name` (when unique). */
  findWorkload(ref: string): number | undefined {
    const direct = this.workloadIndex.get(ref) ?? this.workloadIndex.get(`Workload:${ref}`);
    if (direct !== undefined) return direct;
    const parts = ref.split('/');
    const candidates = this.workloads
      .map((w, i) => ({ w, i }))
      .filter(({ w }) =>
        parts.length === 3
          ? w.namespace === parts[0] && w.kind.toLowerCase() === parts[1]!.toLowerCase() && w.name === parts[2]
          : parts.length === 2
            ? w.namespace === parts[0] && w.name === parts[1]
            : parts.length === 1 && w.name === parts[0],
      );
    return candidates.length === 1 ? candidates[0]!.i : undefined;
  }

  /**
   * Whether a host-network pod of workload h may share a node with some pod of workload x (traffic between a pod and
   * its own node is always allowed; a pod whose node is unknown may be on any node).
   */
  private hostShares(h: number, x: number): boolean {
    if (this.workloadHost[h] !== 1) return false;
    if (this.hostNodeUnknown[h] === 1 || this.nodeUnknown[x] === 1) return true;
    const bits = this.hostNodes.get(h)!;
    for (const n of this.nodesOf[x]!) if (bits[n] === 1) return true;
    return false;
  }

  /** Connections from workload w1 to workload w2 (connection-set id): the union over their pods. */
  workloadConn(w1: number, w2: number): number {
    const engine = this.engine;
    if (w1 === w2) return this.selfConn(w1);
    if (this.hostShares(w1, w2) || this.hostShares(w2, w1)) return ConnTable.ALL;
    let out = ConnTable.NONE;
    for (const c1 of this.workloadClasses[w1]!) {
      for (const c2 of this.workloadClasses[w2]!) {
        out = engine.conns.union(out, engine.classConn(c1, c2));
        if (out === ConnTable.ALL) return out;
      }
    }
    return out;
  }

  /** `classConn(c, d)` for every class d, computed once per class c (for workloads answered pair by pair). */
  private rowOf(c: number): Int32Array {
    let row = this.rows.get(c);
    if (!row) {
      const engine = this.engine;
      const n = engine.classes.length;
      row = new Int32Array(n);
      const q = engine.egressProfile[c]!;
      if (q < 0) row.fill(ConnTable.ALL);
      else engine.fillProfile(engine.profiles[q]!, row);
      const byProfile = new Map<number, number>();
      const cls = engine.classes[c]!;
      for (let d = 0; d < n; d++) {
        const p = engine.ingressProfile[d]!;
        if (p < 0 || row[d] === ConnTable.NONE) continue;
        let i = byProfile.get(p);
        if (i === undefined) {
          i = engine.evaluate(engine.profiles[p]!, cls);
          byProfile.set(p, i);
        }
        row[d] = engine.conns.intersect(row[d]!, i);
      }
      this.rows.set(c, row);
    }
    return row;
  }

  /** `classConn(s, c)` for every class s. */
  private colOf(c: number): Int32Array {
    let col = this.cols.get(c);
    if (!col) {
      const engine = this.engine;
      const n = engine.classes.length;
      col = new Int32Array(n);
      const p = engine.ingressProfile[c]!;
      if (p < 0) col.fill(ConnTable.ALL);
      else engine.fillProfile(engine.profiles[p]!, col);
      const byProfile = new Map<number, number>();
      const cls = engine.classes[c]!;
      for (let s = 0; s < n; s++) {
        const q = engine.egressProfile[s]!;
        if (q < 0 || col[s] === ConnTable.NONE) continue;
        let e = byProfile.get(q);
        if (e === undefined) {
          e = engine.evaluate(engine.profiles[q]!, cls);
          byProfile.set(q, e);
        }
        col[s] = engine.conns.intersect(e, col[s]!);
      }
      this.cols.set(c, col);
    }
    return col;
  }

  /** `workloadConn` where w1 or w2 is a special workload (host network or pods of several classes). */
  private specialConn(w1: number, w2: number, special1: boolean): number {
    if (this.hostShares(w1, w2) || this.hostShares(w2, w1)) return ConnTable.ALL;
    const conns = this.engine.conns;
    let out = ConnTable.NONE;
    for (const c1 of this.workloadClasses[w1]!) {
      const line = special1 ? this.rowOf(c1) : undefined;
      for (const c2 of this.workloadClasses[w2]!) {
        out = conns.union(out, line ? line[c2]! : this.colOf(c2)[c1]!);
        if (out === ConnTable.ALL) return out;
      }
    }
    return out;
  }

  /** Between distinct pods of one workload. */
  private selfConn(w: number): number {
    const eps = this.engine.endpoints.byWorkload[w]!;
    let out = ConnTable.NONE;
    const seen = new Set<string>();
    for (const a of eps) {
      for (const b of eps) {
        if (a === b) continue;
        const ea = this.engine.endpoints.endpoints[a]!;
        const eb = this.engine.endpoints.endpoints[b]!;
        const key = `${this.engine.classOf[a]},${this.engine.classOf[b]},${ea.hostNetwork || eb.hostNetwork ? `${ea.node}/${eb.node}` : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out = this.engine.conns.union(out, this.engine.endpointConn(a, b));
      }
    }
    return out;
  }

  /** Connections from workload w to each external address range, adjacent ranges with equal answers merged. */
  egressRanges(w: number, v6 = this.engine.hasV6Policies): RangeConn[] {
    return this.ranges(w, v6, 'egress');
  }

  /** Connections from each external address range to workload w. */
  ingressRanges(w: number, v6 = this.engine.hasV6Policies): RangeConn[] {
    return this.ranges(w, v6, 'ingress');
  }

  private ranges(w: number, v6: boolean, direction: 'ingress' | 'egress'): RangeConn[] {
    const engine = this.engine;
    const atoms = engine.atoms;
    const out: RangeConn[] = [];
    const host = this.workloadHost[w] === 1;
    const perClass = new Map<number, number>();
    for (let a = 0; a < atoms.count; a++) {
      if (!v6 && atoms.isV6Atom(a)) break;
      const xc = engine.atomClass[a]!;
      let conn = perClass.get(xc);
      if (conn === undefined) {
        conn = host ? ConnTable.ALL : ConnTable.NONE;
        if (!host) {
          for (const c of this.workloadClasses[w]!) {
            const part = direction === 'egress' ? engine.egress(c, xc) : engine.ingress(c, xc);
            conn = engine.conns.union(conn, part);
          }
        }
        perClass.set(xc, conn);
      }
      const start = atoms.start(a);
      const end = atoms.end(a);
      const last = out[out.length - 1];
      if (last && last.conn === conn && last.end + 1n === start && start !== V4_SIZE) last.end = end;
      else out.push({ start, end, conn });
    }
    const own = this.ownNodeAddresses(w);
    return (own.length > 0 ? overlayAll(out, own) : out).filter((r) => r.conn !== ConnTable.NONE);
  }

  /** The addresses of the nodes a workload's pods run on (traffic with its own node is always allowed). */
  private ownNodeAddresses(w: number): bigint[] {
    const engine = this.engine;
    const out = new Set<bigint>();
    for (const e of engine.endpoints.byWorkload[w]!) for (const ip of engine.nodeAddresses(e)) out.add(ip);
    return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** What is allowed from a set of external addresses (e.g. the Internet) to workload w. */
  ingressFrom(w: number, sources: IpSet): number {
    const engine = this.engine;
    let conn = ConnTable.NONE;
    for (const r of this.ingressRanges(w, true)) {
      if (!sources.intersect(IpSet.fromRanges([[r.start, r.end]])).isEmpty()) conn = engine.conns.union(conn, r.conn);
    }
    return conn;
  }

  /**
   * Egress answers of every egress profile for every destination group, transposed so that one destination's answers
   * for all profiles sit together: `table[g * width + q]`, where column `width - 1` is "no egress policy" (all). Only
   * built when it is small enough; otherwise answers are evaluated as needed (`undefined`).
   */
  private egressTable(): EgressTable | undefined {
    if (this.egressFills === undefined) {
      const engine = this.engine;
      const n = engine.classes.length;
      const { dst } = this.sideGroups();
      const rows = dst.reps.length;
      const targets = Int32Array.from(dst.reps);
      const egressProfiles = engine.profiles.filter((p) => p.direction === 'egress');
      const width = egressProfiles.length + 1;
      const column = new Map(egressProfiles.map((p, i) => [p.id, i]));
      const profileOf = new Int32Array(n);
      for (let s = 0; s < n; s++) {
        const p = engine.egressProfile[s]!;
        profileOf[s] = p < 0 ? width - 1 : column.get(p)!;
      }
      if (rows * width > this.maxEgressTable) {
        this.egressFills = { table: undefined, width, profileOf, profiles: egressProfiles };
        return this.egressFills;
      }
      const table = new Int32Array(rows * width);
      // Profiles are filled a block at a time and written row by row, so that the transposed writes stay local.
      const block = 64;
      const tmp = Array.from({ length: Math.min(block, egressProfiles.length) }, () => new Int32Array(n));
      for (let first = 0; first < egressProfiles.length; first += block) {
        const count = Math.min(block, egressProfiles.length - first);
        for (let j = 0; j < count; j++) engine.fillProfile(egressProfiles[first + j]!, tmp[j]!, targets);
        for (let g = 0; g < rows; g++) {
          const d = targets[g]!;
          const base = g * width + first;
          for (let j = 0; j < count; j++) table[base + j] = tmp[j]![d]!;
        }
      }
      for (let g = 0; g < rows; g++) table[g * width + width - 1] = ConnTable.ALL;
      this.egressFills = { table, width, profileOf, profiles: egressProfiles };
    }
    return this.egressFills;
  }

  /**
   * Classes that no answer can tell apart on one side of a connection. As sources, classes with the same egress
   * profile that satisfy the same predicates ingress rules read; as destinations, classes with the same ingress profile
   * that satisfy the same predicates egress rules read (and declare the same named ports egress rules use).
   */
  private sideGroups(): SideGroups {
    if (!this.sides) {
      const engine = this.engine;
      const readBy = { ingress: new Set<number>(), egress: new Set<number>() };
      for (const p of engine.profiles) for (const r of p.refs) readBy[p.direction].add(r);
      const group = (key: (c: number) => string) => {
        const of = new Int32Array(engine.classes.length);
        const reps: number[] = [];
        const members: number[][] = [];
        const index = new Map<string, number>();
        for (let c = 0; c < engine.classes.length; c++) {
          const k = key(c);
          let g = index.get(k);
          if (g === undefined) {
            g = reps.length;
            index.set(k, g);
            reps.push(c);
            members.push([]);
          }
          of[c] = g;
          members[g]!.push(c);
        }
        return { of, reps, members };
      };
      const filtered = (c: number, set: Set<number>) => {
        let out = '';
        for (const m of engine.classes[c]!.members) if (set.has(m)) out += `${m},`;
        return out;
      };
      const src = group(
        (c) =>
          `${engine.egressProfile[c]}|${engine.classes[c]!.kind === 'external' ? 'x' : ''}|${filtered(c, readBy.ingress)}`,
      );
      const dst = group(
        (c) =>
          `${engine.ingressProfile[c]}|${engine.classes[c]!.kind}|${engine.classes[c]!.egressPortSig}|${filtered(c, readBy.egress)}`,
      );
      this.sides = { src, dst };
    }
    return this.sides;
  }

  /**
   * Calls `onColumn(dstGroup, column, live)` for every destination group, where `column[k]` is the connection-set id
   * allowed from the classes of source group k to the classes of the destination group, and `live` lists the k whose
   * entry is not "no connections" (every other entry is 0). Destination groups are visited by ingress profile, so
   * that each profile's answers for all sources are computed once; a profile that admits few sources (default deny)
   * costs only those.
   */
  forEachGroupColumn(
    onColumn: (dstGroup: number, column: Int32Array, live: readonly number[]) => void,
    only?: (dstGroup: number) => boolean,
  ): void {
    const engine = this.engine;
    const conns = engine.conns;
    const { src, dst } = this.sideGroups();
    const egress = this.egressTable()!;
    const { table, width, profileOf } = egress;
    const sources = src.reps.length;
    const srcProfiles = Int32Array.from(src.reps, (c) => profileOf[c]!);
    // Source groups by combination of popular predicates, and by class, to spread a profile's answers.
    const comboOf = engine.comboOf;
    const byCombo: number[][] = Array.from({ length: engine.comboCount }, () => []);
    src.reps.forEach((c, k) => byCombo[comboOf[c]!]!.push(k));
    const ingressVal = new Int32Array(sources);
    const ingressLive: number[] = [];
    const column = new Int32Array(sources);
    const live: number[] = [];
    // Egress answers evaluated on demand (when no table): per destination group, memoised per egress profile.
    const seenAt = new Int32Array(width).fill(-1);
    const seenVal = new Int32Array(width);
    const order = [...dst.reps.keys()].filter((g) => !only || only(g));
    order.sort((a, b) => engine.ingressProfile[dst.reps[a]!]! - engine.ingressProfile[dst.reps[b]!]!);
    const cap = 256;
    const dense = new Int32Array(cap * cap).fill(-1);
    let current = -2;
    for (const g of order) {
      const d = dst.reps[g]!;
      const p = engine.ingressProfile[d]!;
      if (p !== current) {
        for (const k of ingressLive) ingressVal[k] = 0;
        ingressLive.length = 0;
        if (p < 0) {
          ingressVal.fill(ConnTable.ALL);
          for (let k = 0; k < sources; k++) ingressLive.push(k);
        } else {
          const profile = engine.profiles[p]!;
          const results = engine.comboResults(profile);
          for (let combo = 0; combo < results.length; combo++) {
            const r = results[combo]!;
            if (r === ConnTable.NONE) continue;
            for (const k of byCombo[combo]!) {
              ingressVal[k] = r;
              ingressLive.push(k);
            }
          }
          let dropped = false;
          for (const list of engine.rareTouched(profile)) {
            for (const c of list) {
              const k = src.of[c]!;
              if (src.reps[k] !== c) continue;
              const before = ingressVal[k]!;
              const v = engine.evaluate(profile, engine.classes[c]!);
              ingressVal[k] = v;
              if (before === ConnTable.NONE && v !== ConnTable.NONE) ingressLive.push(k);
              if (before !== ConnTable.NONE && v === ConnTable.NONE) dropped = true;
            }
          }
          if (dropped) {
            let j = 0;
            for (const k of ingressLive) if (ingressVal[k] !== ConnTable.NONE) ingressLive[j++] = k;
            ingressLive.length = j;
          }
        }
        current = p;
      }
      const base = g * width;
      for (const k of ingressLive) {
        const q = srcProfiles[k]!;
        let e: number;
        if (table) e = table[base + q]!;
        else if (q === width - 1) e = ConnTable.ALL;
        else if (seenAt[q] === g) e = seenVal[q]!;
        else {
          e = engine.evaluate(egress.profiles[q]!, engine.classes[d]!);
          seenAt[q] = g;
          seenVal[q] = e;
        }
        const i = ingressVal[k]!;
        let v: number;
        if (e === 1) v = i;
        else if (e === 0) v = 0;
        else if (i === 1) v = e;
        else if (e < cap && i < cap) {
          v = dense[e * cap + i]!;
          if (v < 0) v = dense[e * cap + i] = conns.intersect(e, i);
        } else v = conns.intersect(e, i);
        if (v !== ConnTable.NONE) {
          column[k] = v;
          live.push(k);
        }
      }
      onColumn(g, column, live);
      for (const k of live) column[k] = 0;
      live.length = 0;
    }
  }

  /** Workloads whose pods are all of one class and not on the host network, by class; and the others. */
  private simpleWorkloads(): { byClass: number[][]; special: number[] } {
    const byClass: number[][] = this.engine.classes.map(() => []);
    const special: number[] = [];
    this.workloads.forEach((_, w) => {
      const classes = this.workloadClasses[w]!;
      if (classes.length === 1 && this.workloadHost[w] === 0) byClass[classes[0]!]!.push(w);
      else special.push(w);
    });
    return { byClass, special };
  }

  /**
   * Calls `visit(w1, w2, conn)` for every ordered pair of distinct workloads with some allowed connection. Workloads
   * whose pods are all of one class (and not on the host network) are expanded from group columns; the others are
   * answered pair by pair.
   */
  forEachWorkloadPair(visit: (w1: number, w2: number, conn: number) => void, focus?: ReadonlySet<number>): void {
    if (focus) {
      // Every pair that involves a focus workload, each once.
      for (const w of focus) {
        this.workloads.forEach((_, x) => {
          if (x === w) return;
          const out = this.workloadConn(w, x);
          if (out !== ConnTable.NONE) visit(w, x, out);
          if (focus.has(x)) return;
          const inn = this.workloadConn(x, w);
          if (inn !== ConnTable.NONE) visit(x, w, inn);
        });
      }
      return;
    }
    const { byClass, special } = this.simpleWorkloads();
    const { src, dst } = this.sideGroups();
    // Source groups as lists of simple workloads.
    const srcWorkloads = src.members.map((classes) => classes.flatMap((c) => byClass[c]!));
    this.forEachGroupColumn(
      (g, column, live) => {
        for (const d of dst.members[g]!) {
          for (const w2 of byClass[d]!) {
            for (const k of live) {
              const conn = column[k]!;
              for (const w1 of srcWorkloads[k]!) if (w1 !== w2) visit(w1, w2, conn);
            }
          }
        }
      },
      (g) => dst.members[g]!.some((d) => byClass[d]!.length > 0),
    );
    this.forEachSpecialPair(special, visit);
  }

  /** Every pair with a special workload on one side, each once. */
  private forEachSpecialPair(special: number[], visit: (w1: number, w2: number, conn: number) => void): void {
    const isSpecial = new Uint8Array(this.workloads.length);
    for (const w of special) isSpecial[w] = 1;
    for (const w of special) {
      for (let x = 0; x < this.workloads.length; x++) {
        if (x === w) continue;
        const out = this.specialConn(w, x, true);
        if (out !== ConnTable.NONE) visit(w, x, out);
        if (isSpecial[x] === 1) continue; // the pair (x, w) is visited when x's turn comes
        const inn = this.specialConn(x, w, false);
        if (inn !== ConnTable.NONE) visit(x, w, inn);
      }
    }
  }

  /**
   * The source and destination group of each class: classes of one group are alike for every answer on that side, so
   * the attack graph routes lateral movement through one node per group instead of one edge per pair of workloads (a
   * workload with pods of several classes is in each of their groups: its connections are the union). A host-network
   * workload is in its classes' groups too, except with the pods it may share a node with (`hostNeighbours`): those
   * it reaches, and they it, on every port.
   */
  classGroups(): { src: Int32Array; dst: Int32Array } {
    const sides = this.sideGroups();
    return { src: sides.src.of, dst: sides.dst.of };
  }

  /**
   * The workloads a host-network workload's pods may share a node with, and a key naming that set (workloads with
   * their host-network pods on the same nodes share it). Undefined for a workload without host-network pods.
   */
  hostNeighbours(h: number): { key: string; workloads: number[] } | undefined {
    if (this.workloadHost[h] !== 1) return undefined;
    const bits = this.hostNodes.get(h)!;
    const key = this.hostNodeUnknown[h] === 1 ? 'any' : createHash('sha256').update(bits).digest('hex').slice(0, 16);
    const workloads: number[] = [];
    for (let x = 0; x < this.workloads.length; x++) if (x !== h && this.hostShares(h, x)) workloads.push(x);
    return { key, workloads };
  }

  /** Counts the connected ordered pairs of distinct workloads without listing them. */
  countWorkloadPairs(): number {
    let count = 0;
    const { byClass, special } = this.simpleWorkloads();
    const { src, dst } = this.sideGroups();
    const srcCount = Float64Array.from(src.members, (classes) => classes.reduce((n, c) => n + byClass[c]!.length, 0));
    this.forEachGroupColumn(
      (g, column, live) => {
        let sources = 0;
        for (const k of live) sources += srcCount[k]!;
        for (const d of dst.members[g]!) {
          const here = byClass[d]!.length;
          if (here === 0) continue;
          // A workload is no source of its own connections.
          count += here * (sources - (column[src.of[d]!] !== ConnTable.NONE ? 1 : 0));
        }
      },
      (g) => dst.members[g]!.some((d) => byClass[d]!.length > 0),
    );
    this.forEachSpecialPair(special, () => count++);
    return count;
  }

  /** `ns/name[Kind]`, the netpol-analyzer name of a workload. */
  workloadName(w: number): string {
    const wl = this.workloads[w]!;
    return `${wl.namespace}/${wl.name}[${wl.kind}]`;
  }

  static rangeName(r: { start: bigint; end: bigint }): string {
    return formatRange(r.start, r.end);
  }
}
