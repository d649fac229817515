import type { ContainerInfo, MountInfo, TechniqueContext, WorkloadInfo } from '../context.js';
import type { FixOption } from '../model.js';
import type { TechniqueEdge } from './types.js';

/** `file:line Kind ns/name`: where a workload is written. */
export function where(wi: WorkloadInfo): string {
  const w = wi.workload;
  return `${w.source.file}:${w.source.line} ${w.kind} ${w.namespace}/${w.name}`;
}

export interface Hit {
  because: string;
  fixes: FixOption[];
}

/** Edges from each workload to the nodes it runs on, for every container the check holds for (first one wins). */
export function* escapeEdges(
  ctx: TechniqueContext,
  check: (wi: WorkloadInfo, c: ContainerInfo) => Hit | undefined,
): Iterable<TechniqueEdge> {
  for (const wi of ctx.workloads) {
    for (const c of wi.containers) {
      const hit = check(wi, c);
      if (!hit) continue;
      // Every container that allows the escape: the builder requires all of them fixed to remove the step.
      for (const node of wi.nodes) {
        yield { from: wi.id, to: node, because: `${where(wi)}: ${hit.because}`, container: c.name, fixes: hit.fixes };
      }
    }
  }
}

/** Whether a hostPath `path` is `target` or an ancestor of it. */
export function covers(path: string, target: string): boolean {
  return path === '/' || target === path || target.startsWith(path + '/');
}

export function hostMounts(c: ContainerInfo): (MountInfo & { hostPath: string })[] {
  return c.mounts.filter((m): m is MountInfo & { hostPath: string } => m.hostPath !== undefined);
}

export function hasCap(c: ContainerInfo, cap: string): boolean {
  return c.privileged || c.caps.has(cap) || c.caps.has('ALL');
}

/** The accounts whose tokens pods hold on a node, with the workloads holding them. */
export function tokensOn(ctx: TechniqueContext, node: string): WorkloadInfo[] {
  return (ctx.workloadsOnNode.get(node) ?? []).filter((w) => w.token !== undefined);
}
