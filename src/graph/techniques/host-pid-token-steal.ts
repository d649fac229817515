import { fixPodFlag } from '../fixes.js';
import { tokensOn, where } from './helpers.js';
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
    'hold their tokens (badPods #5). Not a node takeover on its own.',
  difficulty: 0.4,
  *edges(ctx) {
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
      const seen = new Set<string>();
      for (const node of wi.nodes) {
        for (const other of tokensOn(ctx, node)) {
          if (other === wi || seen.has(other.serviceAccountId)) continue;
          if (other.serviceAccountId === wi.serviceAccountId && wi.token) continue;
          seen.add(other.serviceAccountId);
          yield {
            from: wi.id,
            to: other.serviceAccountId,
            because: `${where(wi)}: hostPID: true, container ${root.name} as root; ${other.id.slice(9)} on ${node} holds the token of ${other.serviceAccountId.slice(15)}`,
            container: root.name,
            fixes: [fixPodFlag(wi, 'hostPID')],
          };
        }
      }
    }
  },
  fixes: fixesAsFound,
};
