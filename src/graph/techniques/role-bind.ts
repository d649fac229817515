import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const ROLE_BIND: Technique = {
  id: 'ROLE_BIND',
  title: 'Bind a role to oneself',
  mitre: 'T1078',
  aliases: { kubehound: 'ROLE_BIND' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'ServiceAccount', 'User', 'Group'],
  docs: 'bind on (cluster)roles and create/update on (cluster)rolebindings in rbac.authorization.k8s.io, as the authorizer evaluates them (resourceNames honoured: only the named roles): the holder binds itself any role it may bind; an edge to ClusterAdmin when one of them (or a chain from it) gives full control, else to the identities they reach.',
  difficulty: 0.1,
  *edges(ctx) {
    yield* grantEdges(ctx, ['BIND']);
  },
  fixes: fixesAsFound,
};
