import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const TOKEN_CREATE: Technique = {
  id: 'TOKEN_CREATE',
  title: 'Mint a token for a service account',
  mitre: 'T1528',
  aliases: { icekube: 'GENERATE_TOKEN' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ServiceAccount'],
  docs: 'create on serviceaccounts/token (resourceNames honoured: only those accounts): a TokenRequest for the account.',
  difficulty: 0.05,
  *edges(ctx) {
    yield* grantEdges(ctx, ['SA_TOKEN']);
  },
  fixes: fixesAsFound,
};
