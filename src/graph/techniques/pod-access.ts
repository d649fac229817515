import type { TechniqueContext, WorkloadInfo } from '../context.js';
import type { CapabilityGrant, CapabilityId } from '../../rbac/index.js';
import { grantBecause, grantFixes, grantsOf } from './rbac-common.js';
import type { TechniqueEdge } from './types.js';

/** The workloads a pod-level grant reaches: those of its namespace (every namespace), by pod name when limited. */
export function workloadsReached(ctx: TechniqueContext, g: CapabilityGrant): WorkloadInfo[] {
  const inScope = ctx.workloads.filter((w) => g.scope.kind !== 'namespace' || w.namespace === g.scope.namespace);
  if (g.names === 'all') return inScope;
  const names = new Set(g.names);
  const podNames = new Map<string, string[]>();
  for (const p of ctx.rbac.facts.pods) podNames.set(p.workload, [...(podNames.get(p.workload) ?? []), ...p.podNames]);
  return inScope.filter((w) => (podNames.get(w.id) ?? []).some((n) => names.has(n)));
}

/**
 * Edges to the workloads whose pods the holder may enter. A workload running as the holder itself is left out: its
 * pods give nothing the holder does not have.
 */
export function* podAccessEdges(ctx: TechniqueContext, capabilities: readonly CapabilityId[]): Iterable<TechniqueEdge> {
  for (const g of grantsOf(ctx, capabilities)) {
    const because = grantBecause(g);
    let fixes;
    for (const w of workloadsReached(ctx, g)) {
      if (w.serviceAccountId === g.holder) continue;
      fixes ??= grantFixes(ctx, g);
      yield { from: g.holder, to: w.id, because, fixes };
    }
  }
}
