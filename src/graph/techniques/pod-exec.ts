import { podAccessEdges } from './pod-access.js';
import { fixesAsFound, type Technique } from './types.js';

export const POD_EXEC: Technique = {
  id: 'POD_EXEC',
  title: 'Run commands in running pods',
  mitre: 'T1609',
  aliases: { kubehound: 'POD_EXEC', icekube: 'EXEC_INTO' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Workload'],
  docs: 'create (or get, over WebSocket) on pods/exec in the namespace (resourceNames honoured: only those pods): a shell in every workload whose pods it reaches.',
  difficulty: 0.1,
  *edges(ctx) {
    yield* podAccessEdges(ctx, ['POD_EXEC']);
  },
  fixes: fixesAsFound,
};
