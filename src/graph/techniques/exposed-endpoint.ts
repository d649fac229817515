import type { KubeObject } from '../../inventory/types.js';
import { COST, objectRef } from '../fixes.js';
import type { FixOption } from '../model.js';
import { networkEdges } from './net-edges.js';
import { fixesAsFound, type Technique, type TechniqueEdge } from './types.js';

/** `Endpoint:<ns>/<service-or-ingress-name>:<port>` (DESIGN.md §4). */
export function endpointId(namespace: string | undefined, name: string, port: number | undefined): string {
  return `Endpoint:${namespace ?? ''}/${name}:${port ?? '*'}`;
}

function closeFix(o: KubeObject | undefined, entry: string): FixOption[] {
  if (!o) return [];
  const ref = objectRef(o);
  const id = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
  if (o.kind === 'Ingress' || o.kind === 'HTTPRoute' || o.kind === 'Gateway') {
    return [
      {
        id: `${id}:deleted`,
        title: `Delete ${o.kind} ${o.namespace}/${o.name} (or make it internal)`,
        cost: COST.closeExposure,
        object: ref,
        action: 'delete',
      },
    ];
  }
  if (o.kind !== 'Service') return [];
  if (entry === 'LoadBalancer' && o.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme'] !== undefined) {
    return [
      {
        id: `${id}:internal`,
        title: `Make the load balancer of Service ${o.namespace}/${o.name} internal`,
        cost: COST.closeExposure,
        object: ref,
        patch: { metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } } },
        action: 'patch',
      },
    ];
  }
  if (entry === 'ExternalIP') {
    return [
      {
        id: `${id}:no-external-ips`,
        title: `Remove spec.externalIPs of Service ${o.namespace}/${o.name}`,
        cost: COST.closeExposure,
        object: ref,
        patch: { spec: { externalIPs: null } },
        action: 'patch',
      },
    ];
  }
  return [
    {
      id: `${id}:cluster-ip`,
      title: `Make Service ${o.namespace}/${o.name} type ClusterIP (not reachable from outside the cluster)`,
      cost: COST.closeExposure,
      object: ref,
      patch: { spec: { type: 'ClusterIP' } },
      action: 'patch',
    },
  ];
}

export const EXPOSED_ENDPOINT: Technique = {
  id: 'EXPOSED_ENDPOINT',
  title: 'Connect from the Internet',
  mitre: 'T1190',
  aliases: {},
  from: ['Internet'],
  to: ['Endpoint'],
  docs:
    'The network engine finds a way in from Internet addresses, along the path traffic takes: an internet-facing ' +
    'LoadBalancer Service port (internal-scheme annotations excluded, loadBalancerSourceRanges honoured), a NodePort ' +
    'or external IP on public nodes, a host port, or an Ingress / Gateway route served by a controller that is itself ' +
    'exposed (Ingress without spec.tls: port 80), with the NetworkPolicies on each hop allowing it. A route through ' +
    'a controller is also closed by what closes every way into the controller itself.',
  difficulty: 0.05,
  *edges(ctx) {
    // The objects exposure paths name, by kind/namespace/name (only of the kinds they name: 200k objects at 100k pods).
    const kinds = new Set(ctx.network.exposure.flatMap((e) => e.paths.map((p) => p.object.kind)));
    const objects = new Map<string, KubeObject>();
    for (const o of ctx.inventory.objects) {
      if (kinds.has(o.kind)) objects.set(`${o.kind}/${o.namespace ?? ''}/${o.name}`, o);
    }
    // The fixes of the endpoint → workload steps, to find what closes an ingress controller itself.
    const exploitFixes = new Map<string, readonly FixOption[]>();
    for (const x of networkEdges(ctx).exposure) exploitFixes.set(`${x.from}>${x.to}`, x.fixes);
    const found: { edge: TechniqueEdge; via: readonly string[] }[] = [];
    const waysIn = new Map<string, FixOption[][]>(); // workload → for each direct way in, the fixes that close it
    for (const e of ctx.network.exposure) {
      for (const p of e.paths) {
        if (p.conns.isEmpty()) continue;
        const o = objects.get(`${p.object.kind}/${p.object.namespace ?? ''}/${p.object.name}`);
        const name = p.object.kind === 'Workload' || !o ? p.object.name.split('/').pop()! : p.object.name;
        const ns = p.object.namespace ?? e.workload.slice(9).split('/')[0];
        const to = endpointId(ns, name, p.port);
        const fixes = closeFix(o, p.entry);
        const via = Array.isArray(p.via) ? p.via : [];
        if (via.length === 0) {
          const list = waysIn.get(e.workload) ?? waysIn.set(e.workload, []).get(e.workload)!;
          list.push([...fixes, ...(exploitFixes.get(`${to}>${e.workload}`) ?? [])]);
        }
        found.push({
          via,
          edge: {
            from: 'Internet',
            to,
            because:
              `${p.entry} ${p.object.kind} ${ns}/${p.object.name}${p.port !== undefined ? ` port ${p.port}` : ''}` +
              (p.sources !== 'Internet' ? ` from ${p.sources}` : '') +
              (via.length > 0 ? ` through ${via.map((v) => v.slice(9)).join(', ')}` : '') +
              (o ? ` (${o.source.file}:${o.source.line})` : ''),
            fixes,
          },
        });
      }
    }
    // A route through an ingress controller closes with the controller: a fix that closes every way into it.
    const closesAll = (w: string): FixOption[] => {
      const ways = waysIn.get(w) ?? [];
      if (ways.length === 0) return [];
      return ways[0]!.filter((f) => ways.every((way) => way.some((g) => g.id === f.id)));
    };
    for (const { edge, via } of found) {
      const more = via.flatMap(closesAll).filter((f) => !edge.fixes.some((g) => g.id === f.id));
      yield more.length > 0
        ? { ...edge, fixes: [...edge.fixes, ...new Map(more.map((f) => [f.id, f])).values()] }
        : edge;
    }
  },
  fixes: fixesAsFound,
};
