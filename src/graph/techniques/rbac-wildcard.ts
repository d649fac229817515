import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const RBAC_WILDCARD: Technique = {
  id: 'RBAC_WILDCARD',
  title: 'Hold every permission',
  mitre: 'T1078',
  aliases: {},
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'ServiceAccount', 'User', 'Group'],
  docs: 'A rule with verbs *, apiGroups * and resources * (cluster-wide: full control; in a namespace: everything the namespace gives, followed to the identities it reaches).',
  difficulty: 0.01,
  *edges(ctx) {
    yield* grantEdges(ctx, ['WILDCARD']);
  },
  fixes: fixesAsFound,
};
