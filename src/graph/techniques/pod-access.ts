import type { TechniqueContext, WorkloadInfo } from '../context.js';
import type { CapabilityGrant, CapabilityId } from '../../rbac/index.js';
import { fanOut } from './fan-out.js';
import { grantBecause, grantFixes, grantsOf } from './rbac-common.js';
import type { TechniqueEdge } from './types.js';

/** The workloads a pod-level grant reaches: those of its namespace (every namespace), by pod name when limited. */
export function workloadsReached(ctx: TechniqueContext, g: CapabilityGrant): WorkloadInfo[] {
  const inScope = g.scope.kind === 'namespace' ? (ctx.workloadsIn.get(g.scope.namespace) ?? []) : ctx.workloads;
  if (g.names === 'all') return inScope;
  const names = new Set(g.names);
  const podNames = new Map<string, string[]>();
  for (const p of ctx.rbac.facts.pods) podNames.set(p.workload, [...(podNames.get(p.workload) ?? []), ...p.podNames]);
  return inScope.filter((w) => (podNames.get(w.id) ?? []).some((n) => names.has(n)));
}

/**
 * Edges to the workloads whose pods the holder may enter, through a hub per namespace (or the cluster) when the
 * grant is for every pod. A workload running as the holder itself is included: a token of the account taken elsewhere
 * still opens a shell in its pods, and their escapes.
 */
export function* podAccessEdges(ctx: TechniqueContext, capabilities: readonly CapabilityId[]): Iterable<TechniqueEdge> {
  for (const g of grantsOf(ctx, capabilities)) {
    const reached = workloadsReached(ctx, g);
    if (reached.length === 0) continue;
    const key = g.names !== 'all' ? undefined : g.scope.kind === 'namespace' ? `ns/${g.scope.namespace}` : 'cluster';
    const edge = { because: grantBecause(g), fixes: grantFixes(ctx, g) };
    const targets = reached.map((w) => w.id);
    if (key) yield* fanOut(g.holder, targets, key, edge);
    else for (const to of targets) yield { ...edge, from: g.holder, to };
  }
}
