import { ConnSet } from '../../network/index.js';
import { fixIsolate } from '../fixes.js';
import { fixesAsFound, type Technique } from './types.js';

export const NET_LATERAL: Technique = {
  id: 'NET_LATERAL',
  title: 'Move over the pod network',
  mitre: 'T1210',
  aliases: {},
  from: ['Workload'],
  to: ['Workload'],
  docs:
    "The destination declares a containerPort and the NetworkPolicies (and admin policies) allow the source's egress " +
    'to it and its ingress from the source on that port (host-network pods bypass policies on their node). A reachable ' +
    'listening port is assumed exploitable.',
  difficulty: 0.6,
  *edges(ctx) {
    const reach = ctx.network.reachability;
    const endpoints = reach.engine.endpoints;
    const declared = endpoints.byWorkload.map((eps) => {
      let set = ConnSet.NONE;
      for (const e of eps)
        for (const p of endpoints.endpoints[e]!.ports) set = set.union(ConnSet.port(p.protocol, p.port));
      return set;
    });
    const out: { from: number; to: number; conns: ConnSet }[] = [];
    const memo = new Map<number, Map<string, ConnSet>>();
    reach.forEachWorkloadPair((w1, w2, conn) => {
      const d = declared[w2]!;
      if (d.isEmpty()) return;
      let row = memo.get(conn);
      if (!row) memo.set(conn, (row = new Map()));
      const key = d.key();
      let open = row.get(key);
      if (!open) row.set(key, (open = reach.conn(conn).intersect(d)));
      if (!open.isEmpty()) out.push({ from: w1, to: w2, conns: open });
    });
    for (const { from, to, conns } of out) {
      const a = ctx.workloadById.get(reach.workloads[from]!.id);
      const b = ctx.workloadById.get(reach.workloads[to]!.id);
      if (!a || !b) continue;
      yield {
        from: a.id,
        to: b.id,
        because: `policies allow ${a.id.slice(9)} to open ${conns.toString()} on ${b.id.slice(9)} (declared container ports)`,
        fixes: [fixIsolate(a, 'Egress'), fixIsolate(b, 'Ingress')],
      };
    }
  },
  fixes: fixesAsFound,
};
