import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const TOKEN_LIST: Technique = {
  id: 'TOKEN_LIST',
  title: 'Read legacy service account token secrets',
  mitre: 'T1528',
  aliases: { kubehound: 'TOKEN_LIST', icekube: 'GET_AUTHENTICATION_TOKEN_FOR' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ServiceAccount'],
  docs: "get/list/watch on secrets (resourceNames honoured) where a Secret of type kubernetes.io/service-account-token names the account (kubernetes.io/service-account.name). KubeHound's TOKEN_BRUTEFORCE is the same step for get. Without such a Secret there is no edge (KubeHound draws one to every account).",
  difficulty: 0.05,
  *edges(ctx) {
    yield* grantEdges(ctx, ['READ_SECRETS']);
  },
  fixes: fixesAsFound,
};
