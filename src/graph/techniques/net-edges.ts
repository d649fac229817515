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
 * and the middle hop the removal of the policy rules that allow the group pair. Workloads with pods of several classes
 * or on the host network keep one edge per pair, with both directions' fixes.
 */

import type { TechniqueContext, WorkloadInfo } from '../context.js';
import { fixIsolate } from '../fixes.js';
import { ConnSet, explain, type PeerRef } from '../../network/index.js';
import { endpointId } from './exposed-endpoint.js';
import { NetworkFixes, internetPeer, type Requirement } from './net-fixes.js';
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

interface NetEdges {
  lateral: TechniqueEdge[];
  exposure: TechniqueEdge[];
}

const memo = new WeakMap<TechniqueContext, NetEdges>();

export function networkEdges(ctx: TechniqueContext): NetEdges {
  const done = memo.get(ctx);
  if (done) return done;
  const reach = ctx.network.reachability;
  const endpoints = reach.engine.endpoints;
  const declared = endpoints.byWorkload.map((eps) => {
    let set = ConnSet.NONE;
    for (const e of eps)
      for (const p of endpoints.endpoints[e]!.ports) set = set.union(ConnSet.port(p.protocol, p.port));
    return set;
  });
  const info = reach.workloads.map((w) => ctx.workloadById.get(w.id));
  const fixes = new NetworkFixes(ctx);
  const conns = new Map<string, ConnSet>();
  const connsOf = (conn: number, ports: ConnSet): ConnSet => {
    const key = `${conn}|${ports.key()}`;
    let c = conns.get(key);
    if (!c) conns.set(key, (c = reach.conn(conn).intersect(ports)));
    return c;
  };

  // Receiving side: one node per destination group, declared ports and DNS-ness.
  const groups = reach.workloadGroups();
  const toIndex = new Map<string, number>();
  const toMembers: number[][] = [];
  const toPorts: ConnSet[] = [];
  const toOfGroup = new Map<number, number[]>();
  const sourcesOfGroup = new Map<number, number[]>();
  info.forEach((wi, w) => {
    if (!wi || groups.src[w]! < 0) return;
    const k = groups.src[w]!;
    (sourcesOfGroup.get(k) ?? sourcesOfGroup.set(k, []).get(k)!).push(w);
    if (declared[w]!.isEmpty()) return;
    const g = groups.dst[w]!;
    const key = `${g}|${declared[w]!.key()}|${isClusterDns(wi)}`;
    let t = toIndex.get(key);
    if (t === undefined) {
      toIndex.set(key, (t = toMembers.length));
      toMembers.push([]);
      toPorts.push(declared[w]!);
      (toOfGroup.get(g) ?? toOfGroup.set(g, []).get(g)!).push(t);
    }
    toMembers[t]!.push(w);
  });

  // Group pairs with some allowed connection on a declared port, explained once each (a representative of each
  // side: the groups are alike for the policies, so the rules that allow are the same).
  const hops: { k: number; t: number; conns: ConnSet; reqs: ReturnType<NetworkFixes['need']> }[] = [];
  reach.forEachGroupColumn(
    (g, column, live) => {
      for (const t of toOfGroup.get(g) ?? []) {
        for (const k of live) {
          const from = sourcesOfGroup.get(k);
          if (!from) continue;
          const c = connsOf(column[k]!, toPorts[t]!);
          if (c.isEmpty()) continue;
          // Representatives of both sides, distinct workloads where the groups allow it.
          const members = toMembers[t]!;
          const b = members[0]!;
          const a = from.find((w) => w !== b) ?? from[0]!;
          const explanations = explain(reach, { kind: 'workload', index: a }, { kind: 'workload', index: b }, c);
          hops.push({ k, t, conns: c, reqs: fixes.need({ explanations, src: info[a]!, dst: info[b]! }) });
        }
      }
    },
    (g) => toOfGroup.has(g),
  );

  // Workloads with pods of several classes or on the host network: one edge per pair.
  // Pairs explain alike when their workloads have the same classes and host networking, and whether a host-network
  // pod shares a node with the other side (traffic with its own node is always allowed) is the same.
  const pairs: { a: WorkloadInfo; b: WorkloadInfo; conns: ConnSet; reqs: ReturnType<NetworkFixes['need']> }[] = [];
  const signature = (w: number): string =>
    `${[...reach.workloadClasses[w]!].sort((x, y) => x - y).join(',')}|${reach.workloadHost[w]}`;
  const explained = new Map<string, ReturnType<NetworkFixes['need']>>();
  reach.forEachSpecialWorkloadPair((w1, w2, conn) => {
    const a = info[w1];
    const b = info[w2];
    if (!a || !b || declared[w2]!.isEmpty()) return;
    const c = connsOf(conn, declared[w2]!);
    if (c.isEmpty()) return;
    const key = `${signature(w1)}>${signature(w2)}|${reach.sharesHostNode(w1, w2)}|${c.key()}`;
    let reqs = explained.get(key);
    if (!reqs) {
      const explanations = explain(reach, { kind: 'workload', index: w1 }, { kind: 'workload', index: w2 }, c);
      explained.set(key, (reqs = fixes.need({ explanations, src: a, dst: b })));
    }
    pairs.push({ a, b, conns: c, reqs });
  });

  const exposure = exposureEdges(ctx, fixes);

  // Every connection is recorded: the fixes can be handed out.
  const lateral: TechniqueEdge[] = [];
  const firstHops = new Set<string>();
  const lastHops = new Set<string>();
  for (const { k, t, conns: c, reqs } of hops) {
    const b = info[toMembers[t]![0]!]!;
    const egressDeny = egressDenyCuts(reqs.egress, b, c);
    const ingressDeny = ingressDenyCuts(reqs.ingress);
    const from = `${NET_CLASS_FROM}${k}${egressDeny ? '' : '!'}`;
    const to = `${NET_CLASS_TO}${t}${ingressDeny ? '' : '!'}`;
    lateral.push({
      from,
      to,
      because: lateralBecause('{from}', '{to}', c.toString()),
      fixes: [...fixes.ruleFixes('Egress', reqs.egress), ...fixes.ruleFixes('Ingress', reqs.ingress)],
    });
    if (!firstHops.has(from)) {
      firstHops.add(from);
      for (const w of sourcesOfGroup.get(k)!) {
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
  for (const { a, b, conns: c, reqs } of pairs) {
    const egress = egressDenyCuts(reqs.egress, b, c)
      ? [fixIsolate(a, 'Egress')]
      : reqs.egress.isolate
        ? []
        : fixes.ruleFixes('Egress', reqs.egress);
    lateral.push({
      from: a.id,
      to: b.id,
      because: lateralBecause(a.id.slice(9), b.id.slice(9), c.toString()),
      fixes: [...egress, ...fixes.fixes(b, 'Ingress', reqs.ingress)],
    });
  }
  const out: NetEdges = {
    lateral,
    exposure: exposure.map(({ edge, wi, reqs }) => ({ ...edge, fixes: fixes.fixes(wi, 'Ingress', reqs.ingress) })),
  };
  memo.set(ctx, out);
  return out;
}

/** The endpoint → workload edges of the Internet exposure, their connections recorded with `fixes`. */
function exposureEdges(
  ctx: TechniqueContext,
  fixes: NetworkFixes,
): { edge: TechniqueEdge; wi: WorkloadInfo | undefined; reqs: ReturnType<NetworkFixes['need']> }[] {
  const reach = ctx.network.reachability;
  const out: ReturnType<typeof exposureEdges> = [];
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
      const edge: TechniqueEdge = {
        from: endpointId(ns!, name, p.port),
        to: e.workload,
        because:
          `${p.service ? `Service ${p.service.namespace}/${p.service.name} ` : ''}selects ${e.workload.slice(9)}; ` +
          `open at the pods: ${p.conns.toString()}`,
        fixes: [],
      };
      out.push({ edge, wi, reqs: fixes.need({ explanations, ...(wi ? { dst: wi } : {}) }, true) });
    }
  }
  return out;
}
