import { fixPodFlag, fixUnprivileged } from '../fixes.js';
import { escapeEdges } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const CE_NSENTER: Technique = {
  id: 'CE_NSENTER',
  title: 'Enter the host namespaces with nsenter',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_NSENTER' },
  from: ['Workload'],
  to: ['Node'],
  docs: 'A privileged container in a pod with hostPID: true: `nsenter --target 1 --mount --uts --ipc --net --pid`.',
  difficulty: 0.05,
  *edges(ctx) {
    yield* escapeEdges(ctx, (wi, c) =>
      c.privileged && wi.hostPID
        ? {
            because: `hostPID: true and container ${c.name} securityContext.privileged: true`,
            fixes: [fixPodFlag(wi, 'hostPID'), fixUnprivileged(wi, c)],
          }
        : undefined,
    );
  },
  fixes: fixesAsFound,
};
