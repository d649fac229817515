import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const TOKEN_SECRET_CREATE: Technique = {
  id: 'TOKEN_SECRET_CREATE',
  title: 'Create a token secret for a service account and read it',
  mitre: 'T1528',
  aliases: { icekube: 'CREATE_SECRET_WITH_TOKEN' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ServiceAccount'],
  docs: 'create on secrets in the namespace, plus a way to read it back (get/list secrets, or a pod that mounts it): the token controller fills a kubernetes.io/service-account-token Secret for any account named in its annotation.',
  difficulty: 0.1,
  *edges(ctx) {
    yield* grantEdges(ctx, ['TOKEN_SECRET']);
  },
  fixes: fixesAsFound,
};
