import type { TechniqueContext } from '../context.js';
import { fixRemoveAnnotation } from '../fixes.js';
import type { TechniqueEdge } from './types.js';

/**
 * Edges from each ServiceAccount annotated with a cloud identity, and from every workload that runs as it: the identity
 * webhook projects its own token whatever automountServiceAccountToken says, so turning the API token off does not
 * remove the workload's way to the cloud identity; only removing the annotation does.
 */
export function* annotatedIdentityEdges(
  ctx: TechniqueContext,
  annotation: string,
  provider: 'aws' | 'gcp' | 'azure',
): Iterable<TechniqueEdge> {
  for (const [saId, sa] of ctx.serviceAccounts) {
    const value = sa.annotations[annotation];
    if (!value) continue;
    const to = `CloudIdentity:${provider}:${value}`;
    const fix = fixRemoveAnnotation(sa, annotation);
    yield {
      from: saId,
      to,
      because: `${sa.source.file}:${sa.source.line} ServiceAccount ${sa.namespace}/${sa.name} annotation ${annotation}: ${value} (the cloud-side trust is not in the input)`,
      fixes: [fix],
    };
    for (const wi of ctx.workloadsAs.get(saId) ?? []) {
      yield {
        from: wi.id,
        to,
        because: `${wi.id.slice(9)} runs as ${saId.slice(15)}, annotated ${annotation}: ${value}; the identity webhook projects a token whatever automountServiceAccountToken says`,
        fixes: [fix],
      };
    }
  }
}
