import { podAccessEdges } from './pod-access.js';
import { fixesAsFound, type Technique } from './types.js';

export const POD_ATTACH: Technique = {
  id: 'POD_ATTACH',
  title: 'Attach to running containers',
  mitre: 'T1609',
  aliases: { kubehound: 'POD_ATTACH' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Workload'],
  docs: "create (or get) on pods/attach in the namespace (resourceNames honoured): the container's stdin, i.e. a shell when it runs one.",
  difficulty: 0.3,
  *edges(ctx) {
    yield* podAccessEdges(ctx, ['POD_ATTACH']);
  },
  fixes: fixesAsFound,
};
