import { podAccessEdges } from './pod-access.js';
import { fixesAsFound, type Technique } from './types.js';

export const NODES_PROXY: Technique = {
  id: 'NODES_PROXY',
  title: 'Run commands through the kubelet API',
  mitre: 'T1609',
  aliases: { icekube: 'CAN_EXEC_THROUGH_KUBELET' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Workload'],
  docs: "get or create on nodes/proxy (a get over WebSocket is enough; resourceNames honoured: those nodes): the kubelet's exec into every pod on the node, bypassing audit and admission.",
  difficulty: 0.1,
  *edges(ctx) {
    yield* podAccessEdges(ctx, ['NODE_PROXY']);
  },
  fixes: fixesAsFound,
};
