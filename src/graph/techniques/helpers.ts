import { createHash } from 'node:crypto';
import type { ContainerInfo, MountInfo, TechniqueContext, WorkloadInfo } from '../context.js';
import { allOf, fixNoToken } from '../fixes.js';
import type { FixOption } from '../model.js';
import { fanOut } from './fan-out.js';
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

const setHashes = new WeakMap<readonly string[], string>();

/**
 * A short stable name for a set of node ids (in hub ids): the same for the same ids in any order. Hub ids that listed
 * their targets reached 95,000 characters at 100k pods, and every path key and map lookup paid for them.
 */
export function setHash(ids: readonly string[]): string {
  let hash = setHashes.get(ids);
  if (hash === undefined) {
    hash = createHash('sha256')
      .update([...ids].sort().join(','))
      .digest('hex')
      .slice(0, 16);
    setHashes.set(ids, hash);
  }
  return hash;
}

/**
 * Edges from each workload to the nodes it runs on, for every container the check holds for; through a hub per node
 * set (fan-out.ts) when they are many (a privileged DaemonSet reaches every node: 1,056 edges each at 100k pods).
 */
export function* escapeEdges(
  ctx: TechniqueContext,
  check: (wi: WorkloadInfo, c: ContainerInfo) => Hit | undefined,
): Iterable<TechniqueEdge> {
  for (const wi of ctx.workloads) {
    for (const c of wi.containers) {
      const hit = check(wi, c);
      if (!hit) continue;
      // Every container that allows the escape: the builder requires all of them fixed to remove the step.
      yield* fanOut(wi.id, wi.nodes, `nodes/${setHash(wi.nodes)}`, {
        because: `${where(wi)}: ${hit.because}`,
        container: c.name,
        fixes: hit.fixes,
      });
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

/**
 * What removes "`holders` hold the token of `sa`": taking the token from every one of them (TOKEN_STEAL and the
 * techniques that read every token on a node). None when a holder's token cannot be taken away.
 */
export function holdersFix(ctx: TechniqueContext, sa: string, holders: readonly WorkloadInfo[]): FixOption[] {
  const worth = ctx.worthReaching(sa);
  const each = holders.map((h) => fixNoToken(h, worth));
  if (each.some((f) => f.length === 0)) return [];
  return holders.length === 1 ? each[0]! : allOf(each.map((f) => f[0]!));
}

/**
 * The edges of `hub`, standing for every token held on `nodes`: one to each account a workload that may run there
 * holds (its own included), removed by holdersFix. Techniques that read every token on a node (a hostPath over the
 * kubelet's pod folders, hostPID) go workload → hub → account, one hub per node set: a DaemonSet on 1,056 nodes
 * is one edge, not one per account on its nodes (77k edges at 100k pods). Yields nothing for a hub in `done` (the
 * technique's hubs so far), and adds it there.
 */
export function* nodeTokenEdges(
  ctx: TechniqueContext,
  hub: string,
  nodes: readonly string[],
  done: Set<string>,
): Iterable<TechniqueEdge> {
  if (done.has(hub)) return;
  done.add(hub);
  const bySa = new Map<string, WorkloadInfo[]>();
  const seen = new Set<WorkloadInfo>();
  for (const node of nodes) {
    for (const holder of tokensOn(ctx, node)) {
      if (seen.has(holder)) continue;
      seen.add(holder);
      const sa = holder.serviceAccountId;
      (bySa.get(sa) ?? bySa.set(sa, []).get(sa)!).push(holder);
    }
  }
  for (const [sa, holders] of bySa) {
    yield {
      from: hub,
      to: sa,
      // A hub's edge is never a step on its own (the workload's edge into the hub says why): a few names suffice.
      because:
        `${holders
          .slice(0, 3)
          .map((h) => h.id.slice(9))
          .join(', ')}${holders.length > 3 ? ` and ${holders.length - 3} more` : ''} may run on these nodes and ` +
        `hold the token of ${sa.slice(15)}`,
      difficulty: 0,
      fixes: holdersFix(ctx, sa, holders),
    };
  }
}
