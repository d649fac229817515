import { podAccessEdges } from './pod-access.js';
import { fixesAsFound, type Technique } from './types.js';

export const POD_EPHEMERAL: Technique = {
  id: 'POD_EPHEMERAL',
  title: 'Add an ephemeral debug container to running pods',
  mitre: 'T1609',
  aliases: { icekube: 'DEBUG_POD' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Workload'],
  docs: "update/patch on pods/ephemeralcontainers in the namespace (resourceNames honoured): a new container with the pod's volumes and token.",
  difficulty: 0.1,
  *edges(ctx) {
    yield* podAccessEdges(ctx, ['EPHEMERAL_CONTAINER']);
  },
  fixes: fixesAsFound,
};
