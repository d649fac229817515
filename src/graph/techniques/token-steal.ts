import type { WorkloadInfo } from '../context.js';
import type { FixOption } from '../model.js';
import { allOf, fixNoToken } from '../fixes.js';
import { tokensOn } from './helpers.js';
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
    // The same holders are on many nodes: their fixes are made once.
    const fixesOf = new Map<string, FixOption[]>();
    for (const node of ctx.nodeIds) {
      const bySa = new Map<string, WorkloadInfo[]>();
      for (const wi of tokensOn(ctx, node)) {
        const list = bySa.get(wi.serviceAccountId) ?? [];
        list.push(wi);
        bySa.set(wi.serviceAccountId, list);
      }
      for (const [sa, holders] of bySa) {
        const key = holders.map((h) => h.id).join('\u0000');
        let fixes = fixesOf.get(key);
        if (!fixes) {
          const worth = ctx.worthReaching(sa);
          fixes =
            holders.length === 1 ? fixNoToken(holders[0]!, worth) : allOf(holders.map((h) => fixNoToken(h, worth)[0]!));
          fixesOf.set(key, fixes);
        }
        yield {
          from: node,
          to: sa,
          because:
            `${holders.map((h) => h.id.slice(9)).join(', ')} may run on ` +
            `${node === 'Node:*' ? 'any node' : node.slice(5)} and hold${holders.length === 1 ? 's' : ''} the token of ${sa.slice(15)}`,
          fixes,
        };
      }
    }
  },
  fixes: fixesAsFound,
};
