import { fixPodFlag } from '../fixes.js';
import { setHash, nodeTokenEdges, where } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const HOST_PID_TOKEN_STEAL: Technique = {
  id: 'HOST_PID_TOKEN_STEAL',
  title: "Read other pods' tokens and environment through the host PID namespace",
  mitre: 'T1552',
  aliases: {},
  from: ['Workload'],
  to: ['ServiceAccount'],
  docs:
    'hostPID: true and a container that runs as root (runAsUser 0, or no runAsUser and no runAsNonRoot: the image ' +
    'decides, assumed root): /proc/<pid>/root and /proc/<pid>/environ of the processes of other pods on the node ' +
    'hold their tokens (badPods #5). Not a node takeover on its own. Through a hub per node set, as ' +
    'EXPLOIT_HOST_TRAVERSE.',
  difficulty: 0.4,
  *edges(ctx) {
    const hubs = new Set<string>();
    for (const wi of ctx.workloads) {
      if (!wi.hostPID) continue;
      const root = wi.containers.find((c) => {
        if (c.runAsUser !== undefined) return c.runAsUser === 0;
        return (
          wi.spec['securityContext'] === undefined ||
          !JSON.stringify(wi.spec['securityContext']).includes('"runAsNonRoot":true')
        );
      });
      if (!root) continue;
      if (wi.nodes.length === 0) continue;
      const hub = `Hub:HOST_PID_TOKEN_STEAL/${setHash(wi.nodes)}`;
      yield {
        from: wi.id,
        to: hub,
        because:
          `${where(wi)}: hostPID: true, container ${root.name} as root, among the processes of the pods on its ` +
          'nodes: those holding the token of {to}',
        container: root.name,
        fixes: [fixPodFlag(wi, 'hostPID')],
      };
      yield* nodeTokenEdges(ctx, hub, wi.nodes, hubs);
    }
  },
  fixes: fixesAsFound,
};
