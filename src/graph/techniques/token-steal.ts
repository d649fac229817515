import type { WorkloadInfo } from '../context.js';
import { holdersFix, setHash } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const TOKEN_STEAL: Technique = {
  id: 'TOKEN_STEAL',
  title: 'Steal the service account tokens of the pods on a node',
  mitre: 'T1552',
  aliases: { kubehound: 'TOKEN_STEAL', icekube: 'ACCESS_POD' },
  from: ['Node'],
  to: ['ServiceAccount'],
  docs:
    "A pod on the node holds the account's token (see IDENTITY_ASSUME). Pods are placed by their dump's nodeName; " +
    'for manifests, on every node their nodeSelector, required node affinity and tolerations of NoSchedule/NoExecute ' +
    'taints allow (DaemonSets tolerate the node condition taints); with no Node objects, on `Node:*`.',
  difficulty: 0.05,
  *edges(ctx) {
    // Workloads that may run on the same set of nodes go through one hub: each node of the set → the hub → each
    // account they hold (a node set of one is direct). Edges grow with node sets and accounts, not nodes × accounts.
    const sets = new Map<string, { nodes: readonly string[]; bySa: Map<string, WorkloadInfo[]> }>();
    for (const wi of ctx.workloads) {
      if (wi.token === undefined || wi.nodes.length === 0) continue;
      const key = [...wi.nodes].sort().join(',');
      const set = sets.get(key) ?? sets.set(key, { nodes: wi.nodes, bySa: new Map() }).get(key)!;
      (set.bySa.get(wi.serviceAccountId) ?? set.bySa.set(wi.serviceAccountId, []).get(wi.serviceAccountId)!).push(wi);
    }
    for (const { nodes, bySa } of sets.values()) {
      const hub = nodes.length > 1 ? `Hub:TOKEN_STEAL/${setHash(nodes)}` : undefined;
      if (hub) for (const node of nodes) yield { from: node, to: hub, because: '', difficulty: 0, fixes: [] };
      for (const [sa, holders] of bySa) {
        const fixes = holdersFix(ctx, sa, holders);
        const where = hub ? '{from}' : nodes[0] === 'Node:*' ? 'any node' : nodes[0]!.slice(5);
        yield {
          from: hub ?? nodes[0]!,
          to: sa,
          because:
            `${holders.map((h) => h.id.slice(9)).join(', ')} may run on ${where} and ` +
            `hold${holders.length === 1 ? 's' : ''} the token of ${sa.slice(15)}`,
          fixes,
        };
      }
    }
  },
  fixes: fixesAsFound,
};
