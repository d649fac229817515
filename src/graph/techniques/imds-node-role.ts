import { parseIp } from '../../network/ip.js';
import { ConnSet } from '../../network/index.js';
import { fixIsolate, fixPodFlag } from '../fixes.js';
import { where } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

const IMDS = parseIp('169.254.169.254')!;

export const IMDS_NODE_ROLE: Technique = {
  id: 'IMDS_NODE_ROLE',
  title: 'Take the node instance role from the metadata endpoint',
  mitre: 'T1552.005',
  aliases: {},
  from: ['Workload', 'Node'],
  to: ['CloudIdentity'],
  docs:
    'The node instance role is known (settings.nodeIdentity) and the metadata endpoint is not blocked ' +
    '(settings.metadataBlocked): a node reaches it always; a workload when it runs on the host network or its egress ' +
    'policies allow TCP 80 to 169.254.169.254 (badPods #8).',
  difficulty: 0.1,
  *edges(ctx) {
    const target = ctx.settings.nodeIdentity;
    if (!target) return;
    for (const node of ctx.nodeIds) {
      yield { from: node, to: target, because: `the node's instance profile is ${target.slice(14)}`, fixes: [] };
    }
    if (ctx.settings.metadataBlocked) return;
    const reach = ctx.network.reachability;
    const http = ConnSet.port('TCP', 80);
    for (const wi of ctx.workloads) {
      const w = reach.workloadIndex.get(wi.id);
      let open = wi.hostNetwork;
      if (!open && w !== undefined) {
        open = reach
          .egressRanges(w)
          .some((r) => r.start <= IMDS && IMDS <= r.end && !reach.conn(r.conn).intersect(http).isEmpty());
      }
      if (!open) continue;
      yield {
        from: wi.id,
        to: target,
        because: `${where(wi)}: ${wi.hostNetwork ? 'hostNetwork: true' : 'egress to 169.254.169.254:80 is allowed'}`,
        fixes: wi.hostNetwork ? [fixPodFlag(wi, 'hostNetwork')] : [fixIsolate(wi, 'Egress')],
      };
    }
  },
  fixes: fixesAsFound,
};
