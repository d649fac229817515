/**
 * NetworkPolicy fixes that really cut a connection. NetworkPolicies are additive: a pod's allowed traffic is the union
 * of what every policy selecting it allows, so a new deny policy cannot take back what an existing policy allows. The
 * fix for a connection is therefore, per direction: remove the rules of the existing NetworkPolicies that allow it (the
 * network explain function names them), and add a deny policy only where no NetworkPolicy isolates the pod yet. A
 * connection that an AdminNetworkPolicy allows, or that host networking lets through, gets no fix in that direction.
 *
 * A policy is patched by replacing its rule list (NetworkPolicy rules have no merge key), so every connection that
 * needs rules of the same policy removed gets the same fix: the union of those rules over all the connections the
 * graph has (lateral movement and exposure). Two fixes of one policy would otherwise undo each other.
 */

import { isJsonObject, type JsonObject } from '../../inventory/json.js';
import type { KubeObject } from '../../inventory/types.js';
import { ConnSet, explain, type Explanation, type PeerRef } from '../../network/index.js';
import { parseIp } from '../../network/ip.js';
import type { TechniqueContext, WorkloadInfo } from '../context.js';
import { allOf, COST, fixIsolate, objectRef } from '../fixes.js';
import type { FixOption } from '../model.js';
import { endpointId } from './exposed-endpoint.js';

export type Direction = 'Egress' | 'Ingress';

/** What cutting one direction of one connection takes. */
interface Requirement {
  /** No fix in this direction can cut it (admin policy allow, host network, node traffic). */
  impossible: boolean;
  /** The pod is not isolated by any NetworkPolicy in this direction: a deny policy is needed. */
  isolate: boolean;
  /** `ns/name` of each NetworkPolicy → the rule indices (of this direction) that allow the connection. */
  rules: Map<string, Set<number>>;
}

/** One connection of the graph: its explanations, and the workloads at both ends (either may be outside). */
export interface Connection {
  explanations: Explanation[];
  src?: WorkloadInfo;
  dst?: WorkloadInfo;
}

function requirement(explanations: readonly Explanation[], direction: Direction): Requirement {
  const req: Requirement = { impossible: false, isolate: false, rules: new Map() };
  const key = direction === 'Egress' ? 'egress' : 'ingress';
  for (const e of explanations) {
    if (e.allowed.isEmpty()) continue;
    const d = e[key];
    if (e.special || !d) {
      req.impossible = true;
      continue;
    }
    if (d.note) {
      if (d.note.startsWith('no policy selects')) req.isolate = true;
      else req.impossible = true;
      continue;
    }
    for (const s of d.steps) {
      if (s.effect !== 'allow' && s.effect !== 'not-isolated') continue;
      if (s.effect === 'not-isolated' || s.tier === 'baseline' || s.tier === 'default') req.isolate = true;
      else if (s.tier === 'admin') req.impossible = true;
      else if (s.rule && s.policy?.kind === 'NetworkPolicy') {
        const id = `${s.policy.namespace ?? ''}/${s.policy.name}`;
        (req.rules.get(id) ?? req.rules.set(id, new Set()).get(id)!).add(s.rule.index);
      } else req.impossible = true;
    }
  }
  return req;
}

/** Explains a connection between two peers for the given connections. */
export function explainConnection(ctx: TechniqueContext, src: PeerRef, dst: PeerRef, conns: ConnSet): Explanation[] {
  return explain(ctx.network.reachability, src, dst, conns);
}

/** A representative Internet address of an exposure's `sources` (`Internet` or address ranges). */
export function internetPeer(sources: string): PeerRef {
  const first = sources === 'Internet' ? undefined : sources.split(/[\s,]+/)[0]?.split(/[/-]/)[0];
  const ip = (first !== undefined ? parseIp(first) : undefined) ?? parseIp('8.8.8.8')!;
  return { kind: 'ip', ip };
}

/**
 * Collects the requirements of every connection, then hands out the fixes: call `need` for all connections first
 * (the context memo does so once per graph), then `fixes`.
 */
export class NetworkFixes {
  private readonly unions = new Map<string, Set<number>>(); // `${direction}|ns/name` → rule indices
  private readonly made = new Map<string, FixOption>();
  private readonly policies = new Map<string, KubeObject>();
  /** `${direction}|ns/name` of the policies whose removed rules also let in Internet traffic. */
  private readonly exposing = new Set<string>();

  constructor(private readonly ctx: TechniqueContext) {
    for (const o of ctx.inventory.objects) {
      if (o.kind === 'NetworkPolicy') this.policies.set(`${o.namespace ?? ''}/${o.name}`, o);
    }
  }

  /** Records a connection; returns the requirement of both directions for `fixes`. */
  need(c: Connection, fromInternet = false): { egress: Requirement; ingress: Requirement } {
    const out = { egress: requirement(c.explanations, 'Egress'), ingress: requirement(c.explanations, 'Ingress') };
    for (const [dir, req] of [
      ['Egress', out.egress],
      ['Ingress', out.ingress],
    ] as const) {
      for (const [policy, indices] of req.rules) {
        const k = `${dir}|${policy}`;
        const set = this.unions.get(k) ?? this.unions.set(k, new Set()).get(k)!;
        for (const i of indices) set.add(i);
        if (fromInternet) this.exposing.add(k);
      }
    }
    return out;
  }

  /** The fixes of one direction of a recorded connection at workload `wi` (empty when it cannot be cut there). */
  fixes(wi: WorkloadInfo | undefined, direction: Direction, req: Requirement): FixOption[] {
    if (!wi || req.impossible) return [];
    const parts: FixOption[] = [];
    if (req.isolate) parts.push(fixIsolate(wi, direction));
    for (const policy of [...req.rules.keys()].sort()) {
      const fix = this.patchPolicy(policy, direction);
      if (!fix) return [];
      parts.push(fix);
    }
    return parts.length === 0 ? [] : allOf(parts);
  }

  private patchPolicy(policy: string, direction: Direction): FixOption | undefined {
    const k = `${direction}|${policy}`;
    const done = this.made.get(k);
    if (done) return done;
    const object = this.policies.get(policy);
    const indices = this.unions.get(k);
    if (!object || !indices) return undefined;
    const field = direction === 'Egress' ? 'egress' : 'ingress';
    const spec = isJsonObject(object.raw['spec'] as JsonObject) ? (object.raw['spec'] as JsonObject) : {};
    const rules = Array.isArray(spec[field]) ? (spec[field] as unknown[]) : [];
    const types = Array.isArray(spec['policyTypes'])
      ? (spec['policyTypes'] as unknown[])
      : ['Ingress', ...(Array.isArray(spec['egress']) ? ['Egress'] : [])];
    const keep = rules.filter((_, i) => !indices.has(i));
    const removed = [...indices].sort((a, b) => a - b);
    const where = `${object.namespace ?? ''}/${object.name}`;
    const fix: FixOption = {
      id: `NetworkPolicy/${where}:${field}[${removed.join(',')}]=removed`,
      title:
        `Remove ${field} rule${removed.length > 1 ? 's' : ''} ${removed.join(', ')} of NetworkPolicy ${where} ` +
        `(they allow the connection; policies add up, so a deny policy cannot take it back): then allow the ` +
        `clients that need it with narrower rules`,
      // Removing rules that admit Internet traffic closes an exposure: priced as such.
      cost: this.exposing.has(k) ? COST.closeExposure : direction === 'Egress' ? COST.denyEgress : COST.denyIngress,
      object: objectRef(object),
      // NetworkPolicy rule lists have no merge key: the patch replaces the list. policyTypes is kept explicit so that
      // emptying the egress list does not stop the policy from isolating egress.
      patch: { spec: { policyTypes: [...types], [field]: keep } } as Record<string, unknown>,
      action: 'patch',
    };
    this.made.set(k, fix);
    return fix;
  }
}

/** An edge of NET_LATERAL or ENDPOINT_EXPLOIT with its fixes. */
export interface NetEdge {
  from: string;
  to: string;
  because: string;
  fixes: FixOption[];
}

const memo = new WeakMap<TechniqueContext, { lateral: NetEdge[]; exposure: NetEdge[] }>();

/**
 * The edges of both network techniques, computed together so that a policy's rules removed for one connection are
 * removed for all (see above).
 */
export function networkEdges(ctx: TechniqueContext): { lateral: NetEdge[]; exposure: NetEdge[] } {
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
  const pairs: { from: number; to: number; conns: ConnSet }[] = [];
  const open = new Map<number, Map<string, ConnSet>>();
  reach.forEachWorkloadPair((w1, w2, conn) => {
    const d = declared[w2]!;
    if (d.isEmpty()) return;
    let row = open.get(conn);
    if (!row) open.set(conn, (row = new Map()));
    const key = d.key();
    let conns = row.get(key);
    if (!conns) row.set(key, (conns = reach.conn(conn).intersect(d)));
    if (!conns.isEmpty()) pairs.push({ from: w1, to: w2, conns });
  });
  const fixes = new NetworkFixes(ctx);
  const engine = reach.engine;
  const classKeys = new Map<number, string>();
  /** The policy classes of a workload's pods; empty (no sharing) when one runs on the host network. */
  const classKey = (w: number): string => {
    let k = classKeys.get(w);
    if (k === undefined) {
      const eps = endpoints.byWorkload[w]!;
      k = eps.some((e) => endpoints.endpoints[e]!.hostNetwork)
        ? ''
        : [...new Set(eps.map((e) => engine.classOf[e]!))].sort((x, y) => x - y).join(',');
      classKeys.set(w, k);
    }
    return k;
  };
  const byClass = new Map<string, ReturnType<NetworkFixes['need']>>();
  const lateral: (NetEdge & { reqs: ReturnType<NetworkFixes['need']>; a: WorkloadInfo; b: WorkloadInfo })[] = [];
  for (const { from, to, conns } of pairs) {
    const a = ctx.workloadById.get(reach.workloads[from]!.id);
    const b = ctx.workloadById.get(reach.workloads[to]!.id);
    if (!a || !b) continue;
    // Pods of one policy class explain alike: pairs of workloads with the same classes share the requirement.
    const key = classKey(from) && classKey(to) ? `${classKey(from)}>${classKey(to)}|${conns.key()}` : undefined;
    let reqs = key !== undefined ? byClass.get(key) : undefined;
    if (!reqs) {
      const explanations = explain(reach, { kind: 'workload', index: from }, { kind: 'workload', index: to }, conns);
      reqs = fixes.need({ explanations, src: a, dst: b });
      if (key !== undefined) byClass.set(key, reqs);
    }
    lateral.push({
      from: a.id,
      to: b.id,
      because: `policies allow ${a.id.slice(9)} to open ${conns.toString()} on ${b.id.slice(9)} (declared container ports)`,
      fixes: [],
      reqs,
      a,
      b,
    });
  }
  const exposure: (NetEdge & { reqs: ReturnType<NetworkFixes['need']>; wi: WorkloadInfo | undefined })[] = [];
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
      exposure.push({
        from: endpointId(ns!, name, p.port),
        to: e.workload,
        because:
          `${p.service ? `Service ${p.service.namespace}/${p.service.name} ` : ''}selects ${e.workload.slice(9)}; ` +
          `open at the pods: ${p.conns.toString()}`,
        fixes: [],
        reqs: fixes.need({ explanations, ...(wi ? { dst: wi } : {}) }, true),
        wi,
      });
    }
  }
  const out = {
    lateral: lateral.map(({ from, to, because, reqs, a, b }) => ({
      from,
      to,
      because,
      fixes: [...fixes.fixes(a, 'Egress', reqs.egress), ...fixes.fixes(b, 'Ingress', reqs.ingress)],
    })),
    exposure: exposure.map(({ from, to, because, reqs, wi }) => ({
      from,
      to,
      because,
      fixes: fixes.fixes(wi, 'Ingress', reqs.ingress),
    })),
  };
  memo.set(ctx, out);
  return out;
}
