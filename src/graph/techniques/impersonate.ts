import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const IMPERSONATE: Technique = {
  id: 'IMPERSONATE',
  title: 'Impersonate another identity',
  mitre: 'T1078',
  aliases: { kubehound: 'IDENTITY_IMPERSONATE', icekube: 'CAN_IMPERSONATE' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'ServiceAccount', 'User', 'Group'],
  docs: 'impersonate on users, groups or serviceaccounts (resourceNames honoured): the holder acts as each identity it may impersonate; impersonating group system:masters is full control.',
  difficulty: 0.05,
  *edges(ctx) {
    yield* grantEdges(ctx, ['IMPERSONATE']);
  },
  fixes: fixesAsFound,
};
