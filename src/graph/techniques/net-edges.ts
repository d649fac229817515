/**
 * The edges of both network techniques, computed together so that a policy's rules removed for one connection are
 * removed for all (net-fixes.ts).
 *
 * Lateral movement is not one edge per pair of workloads that may talk: on a flat network that is quadratic (1.2 M
 * edges for 10k pods). Workloads whose pods are all of one network class are alike for every answer on the sending
 * side (their source group) and on the receiving side (their destination group), so their movement is routed through
 * class hubs (model.ts `Hub`), which paths never show (see steps.ts):
 *
 *   Workload A ─▶ Hub:net-from/<source group>[!] ─▶ Hub:net-to/<n>[!] ─▶ Workload B
 *
 * `net-to/<n>` is a destination group with one set of declared container ports (and whether the workload is the cluster
 * DNS, which a deny-egress policy still lets every pod reach). Each edge carries the fixes that are exact for every
 * pair it stands for: the first hop `isolate A's egress` when A's class is not isolated for egress (a `!` node when
 * that would not cut: an admin policy allows, or the destination is DNS), the last hop `isolate B's ingress` likewise,
 * and the middle hop the removal of the policy rules that allow the group pair (a middle hop no rule removal cuts goes
 * through a hub source groups share, SharedHops). A workload with pods of several
 * classes is a member of each class's groups (its connections are the union). A host-network pod also reaches, and is
 * reached by, every pod that may share its node, on every port and whatever the policies (hostNeighbourEdges).
 */

import type { TechniqueContext, WorkloadInfo } from '../context.js';
import { fixIsolate } from '../fixes.js';
import type { FixOption } from '../model.js';
import { ConnSet, explain, type NetworkAnalysis, type PeerRef } from '../../network/index.js';
import type { Reachability } from '../../network/reachability.js';
import { endpointId } from './exposed-endpoint.js';
import {
  NetworkFixes,
  allRequired,
  classDirectionRequirement,
  internetPeer,
  type Requirement,
  type Requirements,
} from './net-fixes.js';
import type { TechniqueEdge } from './types.js';

/** The cluster DNS a deny-egress fix still allows (fixes.ts fixIsolate). */
const DNS = ConnSet.port('UDP', 53).union(ConnSet.port('TCP', 53));
const isClusterDns = (wi: WorkloadInfo): boolean => wi.workload.template.labels['k8s-app'] === 'kube-dns';

const NET_CLASS_FROM = 'Hub:net-from/';
const NET_CLASS_TO = 'Hub:net-to/';

/** Whether denying A's egress cuts a connection `conns` to B (it still lets DNS through). */
function egressDenyCuts(req: Requirement, b: WorkloadInfo, conns: ConnSet): boolean {
  return (
    req.isolate && !req.impossible && req.rules.size === 0 && !(isClusterDns(b) && !conns.intersect(DNS).isEmpty())
  );
}

function ingressDenyCuts(req: Requirement): boolean {
  return req.isolate && !req.impossible && req.rules.size === 0;
}

/** The `because` of a lateral step; `{from}` and `{to}` are filled in when class hops are folded (steps.ts). */
function lateralBecause(from: string, to: string, conns: string): string {
  return `policies allow ${from} to open ${conns} on ${to} (declared container ports)`;
}

/** The workloads sending as one source group's pods, or as its host-network pods. */
interface Senders {
  k: number;
  host: boolean;
  classOf: number;
  workloads: number[];
  /** Its hub ids: [when denying its egress cuts, when it does not ('!')]. */
  hubs: [string, string];
}

/** A memo keyed by two numbers: no key string per lookup. */
class PairMemo<V> {
  private readonly rows = new Map<number, Map<number, V>>();

  get(a: number, b: number, make: () => V): V {
    let row = this.rows.get(a);
    if (!row) this.rows.set(a, (row = new Map()));
    let v = row.get(b);
    if (v === undefined) row.set(b, (v = make()));
    return v;
  }
}

interface NetEdges {
  lateral: TechniqueEdge[];
  exposure: TechniqueEdge[];
}

/**
 * By network analysis: the edges depend on it and on nothing else that its inventory and a plan's verified copy of it
 * may differ in (network/same-inputs.ts), so verification does not compute them again.
 */
const memo = new WeakMap<NetworkAnalysis, NetEdges>();

export function networkEdges(ctx: TechniqueContext): NetEdges {
  const done = memo.get(ctx.network);
  if (done) return done;
  const reach = ctx.network.reachability;
  const engine = reach.engine;
  const endpoints = engine.endpoints;
  const declared = endpoints.byWorkload.map((eps) => {
    let set = ConnSet.NONE;
    for (const e of eps)
      for (const p of endpoints.endpoints[e]!.ports) set = set.union(ConnSet.port(p.protocol, p.port));
    return set;
  });
  const info = reach.workloads.map((w) => ctx.workloadById.get(w.id));
  const fixes = new NetworkFixes(ctx);
  const conns = new PairMemo<ConnSet>();
  const portIds = new Map<string, number>();
  const portsId = (ports: ConnSet): number =>
    portIds.get(ports.key()) ?? portIds.set(ports.key(), portIds.size).get(ports.key())!;
  const connsOf = (conn: number, ports: ConnSet, id: number): ConnSet =>
    conns.get(conn, id, () => reach.conn(conn).intersect(ports));
  // Sending side: the workloads of each source group, host-network ones apart (policies do not select them), with a
  // class of the group. Receiving side: one node per destination group, declared ports and DNS-ness.
  const groups = reach.classGroups();
  const sendersOf: Senders[][] = []; // by source group: its pod side, then its host-network side, those it has
  const toIndex = new Map<string, number>();
  const toMembers: number[][] = [];
  const toClass: number[] = [];
  const toPorts: ConnSet[] = [];
  const toPortsId: number[] = [];
  const toOfGroup = new Map<number, number[]>();
  info.forEach((wi, w) => {
    if (!wi) return;
    for (const c of reach.workloadClasses[w]!) {
      const k = groups.src[c]!;
      const host = engine.classes[c]!.kind === 'host';
      const sides = (sendersOf[k] ??= []);
      let senders = sides.find((s) => s.host === host);
      if (!senders) {
        const side = `${NET_CLASS_FROM}${k}${host ? 'h' : ''}`;
        senders = { k, host, classOf: c, workloads: [], hubs: [side, `${side}!`] };
        if (host) sides.push(senders);
        else sides.unshift(senders);
      }
      if (senders.workloads[senders.workloads.length - 1] !== w) senders.workloads.push(w);
      if (declared[w]!.isEmpty()) continue;
      const g = groups.dst[c]!;
      const key = `${g}|${declared[w]!.key()}|${isClusterDns(wi)}`;
      let t = toIndex.get(key);
      if (t === undefined) {
        toIndex.set(key, (t = toMembers.length));
        toMembers.push([]);
        toClass.push(c);
        toPorts.push(declared[w]!);
        toPortsId.push(portsId(declared[w]!));
        (toOfGroup.get(g) ?? toOfGroup.set(g, []).get(g)!).push(t);
      }
      const members = toMembers[t]!;
      if (members[members.length - 1] !== w) members.push(w);
    }
  });

  // Each direction is decided by the profile at one end and the group of the other: explained once per such pair.
  // Connection sets are shared (connsOf), so they are numbered once for the keys below; a class's kind and profile
  // are numbered too (profileIds), so that keys are numbers (this runs for every group pair: 592k at 100k pods).
  const connIds = new Map<ConnSet, number>();
  const connId = (c: ConnSet): number => connIds.get(c) ?? connIds.set(c, connIds.size).get(c)!;
  const profilesOf = { egress: engine.egressProfile, ingress: engine.ingressProfile };
  const profileIds = new Map<string, number>();
  const profileId = (dir: 'egress' | 'ingress', c: number): number => {
    const key = `${dir}|${engine.classes[c]!.kind}|${profilesOf[dir][c]}`;
    return profileIds.get(key) ?? profileIds.set(key, profileIds.size).get(key)!;
  };
  const egressIds = Int32Array.from(engine.classes, (_, c) => profileId('egress', c));
  const ingressIds = Int32Array.from(engine.classes, (_, c) => profileId('ingress', c));
  const dstGroups = groups.dst.length === 0 ? 1 : Math.max(...groups.dst) + 1;
  const srcSides = groups.src.length === 0 ? 2 : 2 * (Math.max(...groups.src) + 1);
  // A host-network class, or one no policy selects in a direction, answers alike whatever the peer
  // (decideClassDirection): its key leaves the peer out.
  const peerFree = (dir: 'egress' | 'ingress', c: number): boolean =>
    engine.classes[c]!.kind === 'host' || profilesOf[dir][c]! < 0;
  const egressFree = Uint8Array.from(engine.classes, (_, c) => (peerFree('egress', c) ? 1 : 0));
  const ingressFree = Uint8Array.from(engine.classes, (_, c) => (peerFree('ingress', c) ? 1 : 0));
  const egressMemo = new PairMemo<Requirement>();
  const ingressMemo = new PairMemo<Requirement>();
  const egressOf = (subject: number, g: number, peer: number, c: ConnSet): Requirement =>
    egressMemo.get(egressIds[subject]! * dstGroups + (egressFree[subject] ? 0 : g), connId(c), () =>
      classDirectionRequirement(reach, 'egress', subject, peer, c),
    );
  const ingressOf = (subject: number, from: Senders, c: ConnSet): Requirement =>
    ingressMemo.get(
      ingressIds[subject]! * srcSides + (ingressFree[subject] ? 0 : 2 * from.k + (from.host ? 1 : 0)),
      connId(c),
      () => classDirectionRequirement(reach, 'ingress', subject, from.classOf, c),
    );
  // Both directions' requirements of a hop, recorded with the fixes once per distinct pair.
  const recorded = new Map<Requirement, Map<Requirement, Requirements>>();
  const requirementsOf = (egress: Requirement, ingress: Requirement): Requirements => {
    const row = recorded.get(egress) ?? recorded.set(egress, new Map()).get(egress)!;
    let reqs = row.get(ingress);
    if (!reqs) row.set(ingress, (reqs = fixes.record({ egress, ingress })));
    return reqs;
  };

  // Group pairs with some allowed connection on a declared port.
  const hops: { from: Senders; t: number; conns: ConnSet; reqs: Requirements }[] = [];
  reach.forEachGroupColumn(
    (g, column, live) => {
      for (const t of toOfGroup.get(g) ?? []) {
        for (const k of live) {
          const c = connsOf(column[k]!, toPorts[t]!, toPortsId[t]!);
          if (c.isEmpty()) continue;
          for (const from of sendersOf[k] ?? []) {
            const reqs = requirementsOf(egressOf(from.classOf, g, toClass[t]!, c), ingressOf(toClass[t]!, from, c));
            hops.push({ from, t, conns: c, reqs });
          }
        }
      }
    },
    (g) => toOfGroup.has(g),
  );

  const exposure = exposureEdges(ctx, fixes);

  // Every connection is recorded: the fixes can be handed out.
  const lateral: TechniqueEdge[] = [];
  const firstHops = new Set<string>();
  const lastHops = new Set<string>();
  const becauseOf = new Map<ConnSet, string>();
  const shared = new SharedHops();
  const middle = new Map<Requirements, FixOption[]>();
  const middleFixes = (reqs: Requirements): FixOption[] =>
    middle.get(reqs) ??
    middle
      .set(reqs, [...fixes.ruleFixes('Egress', reqs.egress), ...fixes.ruleFixes('Ingress', reqs.ingress)])
      .get(reqs)!;
  // Destination hub ids, made once each: [denying ingress cuts, it does not ('!')].
  const toHubs: [string, string][] = [];
  for (const { from: senders, t, conns: c, reqs } of hops) {
    const b = info[toMembers[t]![0]!]!;
    const egressDeny = egressDenyCuts(reqs.egress, b, c);
    const ingressDeny = ingressDenyCuts(reqs.ingress);
    const toIds = (toHubs[t] ??= [`${NET_CLASS_TO}${t}`, `${NET_CLASS_TO}${t}!`]);
    const from = senders.hubs[egressDeny ? 0 : 1];
    const to = toIds[ingressDeny ? 0 : 1];
    const because = becauseOf.get(c) ?? becauseOf.set(c, lateralBecause('{from}', '{to}', c.toString())).get(c)!;
    const ruleFixes = middleFixes(reqs);
    if (ruleFixes.length === 0) shared.add(from, to, because);
    else lateral.push({ from, to, because, fixes: ruleFixes });
    if (!firstHops.has(from)) {
      firstHops.add(from);
      for (const w of senders.workloads) {
        const a = info[w]!;
        lateral.push({
          from: a.id,
          to: from,
          because: '',
          difficulty: 0,
          fixes: egressDeny ? [fixIsolate(a, 'Egress')] : [],
        });
      }
    }
    if (!lastHops.has(to)) {
      lastHops.add(to);
      for (const w of toMembers[t]!) {
        const dst = info[w]!;
        lateral.push({
          from: to,
          to: dst.id,
          because: '',
          difficulty: 0,
          fixes: ingressDeny ? [fixIsolate(dst, 'Ingress')] : [],
        });
      }
    }
  }
  for (const e of shared.edges()) lateral.push(e);
  for (const e of hostNeighbourEdges(reach, info, declared)) lateral.push(e);
  const out: NetEdges = {
    lateral,
    exposure: exposure.map(({ edge, wi, reqs }) => ({ ...edge, fixes: fixes.fixes(wi, 'Ingress', reqs.ingress) })),
  };
  memo.set(ctx.network, out);
  return out;
}

/**
 * Middle hops that no policy rule's removal cuts (their fixes are on the first and last hops): on a cluster where most
 * pods are not isolated nearly every source group has the same set of them, so source groups with the same set share
 * one hub, `Hub:net-shared/<n>`. On the 100k-pod generated cluster this folds 511k hops into 9,060 + 588 edges. It is
 * exact: a source group reaches, through its hub, exactly the destination groups it reached directly.
 */
class SharedHops {
  /** Each distinct (destination hub, because) once, by number: rows and their keys are lists of small numbers. */
  private readonly entries: { to: string; because: string }[] = [];
  private readonly entryIds = new Map<string, Map<string, number>>();
  private readonly rows = new Map<string, number[]>();

  add(from: string, to: string, because: string): void {
    const byBecause = this.entryIds.get(to) ?? this.entryIds.set(to, new Map()).get(to)!;
    let id = byBecause.get(because);
    if (id === undefined) {
      byBecause.set(because, (id = this.entries.length));
      this.entries.push({ to, because });
    }
    (this.rows.get(from) ?? this.rows.set(from, []).get(from)!).push(id);
  }

  *edges(): Iterable<TechniqueEdge> {
    const hubs = new Map<string, string>(); // a row's hops, as one key → its hub
    for (const [from, row] of this.rows) {
      const key = row.sort((a, b) => a - b).join(',');
      let hub = hubs.get(key);
      if (hub === undefined) {
        hubs.set(key, (hub = `Hub:net-shared/${hubs.size}`));
        const hops = row.map((id) => this.entries[id]!);
        hops.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.because < b.because ? -1 : 1));
        for (const h of hops) yield { from: hub, to: h.to, because: h.because, fixes: [] };
      }
      yield { from, to: hub, because: '', difficulty: 0, fixes: [] };
    }
  }
}

/**
 * A host-network pod and the pods on its node always talk (traffic between a pod and its own node is allowed, and
 * host-network traffic is node traffic): every port, whatever the policies, so no NetworkPolicy fix. Workloads whose
 * host-network pods sit on the same nodes share their neighbours, through two hubs.
 */
function hostNeighbourEdges(
  reach: Reachability,
  info: readonly (WorkloadInfo | undefined)[],
  declared: readonly ConnSet[],
): TechniqueEdge[] {
  const out: TechniqueEdge[] = [];
  const done = new Set<string>();
  const because = lateralBecause('{from}', '{to}', 'every port') + ': a host-network pod shares a node with the other';
  info.forEach((h, w) => {
    const neighbours = h ? reach.hostNeighbours(w) : undefined;
    if (!h || !neighbours) return;
    const outHub = `Hub:net-host-out/${neighbours.key}`;
    const inHub = `Hub:net-host-in/${neighbours.key}`;
    out.push({ from: h.id, to: outHub, because, fixes: [] });
    if (!declared[w]!.isEmpty()) out.push({ from: inHub, to: h.id, because: '', difficulty: 0, fixes: [] });
    if (done.has(neighbours.key)) return;
    done.add(neighbours.key);
    for (const x of neighbours.workloads) {
      const wi = info[x];
      if (!wi) continue;
      if (!declared[x]!.isEmpty()) out.push({ from: outHub, to: wi.id, because: '', difficulty: 0, fixes: [] });
      out.push({ from: wi.id, to: inHub, because, fixes: [] });
    }
  });
  return out;
}

/** The endpoint → workload edges of the Internet exposure, their connections recorded with `fixes`. */
function exposureEdges(
  ctx: TechniqueContext,
  fixes: NetworkFixes,
): { edge: TechniqueEdge; wi: WorkloadInfo | undefined; reqs: Requirements }[] {
  const reach = ctx.network.reachability;
  const engine = reach.engine;
  const out: ReturnType<typeof exposureEdges> = [];
  const anyPodMemo = new Map<string, Requirements[]>();
  /** The ingress requirements at destination class `dst` against every pod class that may open `conns` there. */
  const classFromAnyPod = (dst: number, conns: ConnSet): Requirements[] => {
    const key = `${dst}|${conns.key()}`;
    let reqs = anyPodMemo.get(key);
    if (!reqs) {
      reqs = [];
      for (const src of engine.classes) {
        if (src.kind !== 'pod') continue;
        const open = engine.conns.get(engine.classConn(src.id, dst)).intersect(conns);
        if (open.isEmpty()) continue;
        const ingress = classDirectionRequirement(reach, 'ingress', dst, src.id, open);
        reqs.push({ egress: allRequired([]), ingress });
      }
      anyPodMemo.set(key, reqs);
    }
    return reqs;
  };
  /** The same at each of workload w's classes (pods of one workload may be of several). */
  const fromAnyPod = (w: number, conns: ConnSet): Requirements[] =>
    [...reach.workloadClasses[w]!].flatMap((dst) => classFromAnyPod(dst, conns));
  for (const e of ctx.network.exposure) {
    const wi = ctx.workloadById.get(e.workload);
    for (const p of e.paths) {
      if (p.conns.isEmpty()) continue;
      const ns = p.object.namespace ?? e.workload.slice(9).split('/')[0];
      const name = p.object.name.split('/').pop()!;
      const dst: PeerRef = { kind: 'workload', index: e.index };
      const via = Array.isArray(p.via) ? p.via.map((id) => reach.findWorkload(id)) : [];
      const explanations =
        via.length > 0 && via.every((v) => v !== undefined)
          ? via.flatMap((v) => explain(reach, { kind: 'workload', index: v! }, dst, p.conns))
          : explain(reach, internetPeer(p.sources), dst, p.conns);
      // A route through a proxy the input does not show is open from any pod (network/exposure.ts): cutting it takes
      // cutting every pod class that reaches the backend.
      const anyPod = p.via === 'unknown' ? fromAnyPod(e.index, p.conns) : [];
      const edge: TechniqueEdge = {
        from: endpointId(ns!, name, p.port),
        to: e.workload,
        because:
          `${p.service ? `Service ${p.service.namespace}/${p.service.name} ` : ''}selects ${e.workload.slice(9)}; ` +
          `open at the pods: ${p.conns.toString()}`,
        fixes: [],
      };
      out.push({ edge, wi, reqs: fixes.need({ explanations, ...(wi ? { dst: wi } : {}) }, true, anyPod) });
    }
  }
  return out;
}
