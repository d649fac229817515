import { fixUnprivileged } from '../fixes.js';
import { escapeEdges } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const CE_PRIV_MOUNT: Technique = {
  id: 'CE_PRIV_MOUNT',
  title: 'Mount the host disk from a privileged container',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_PRIV_MOUNT', icekube: 'IS_PRIVILEGED' },
  from: ['Workload'],
  to: ['Node'],
  docs: 'A container has securityContext.privileged: true: it sees the host devices and mounts the host disk.',
  difficulty: 0.1,
  *edges(ctx) {
    yield* escapeEdges(ctx, (wi, c) =>
      c.privileged
        ? { because: `container ${c.name} securityContext.privileged: true`, fixes: [fixUnprivileged(wi, c)] }
        : undefined,
    );
  },
  fixes: fixesAsFound,
};
