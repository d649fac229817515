import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const CREATE_POD_WITH_SA: Technique = {
  id: 'CREATE_POD_WITH_SA',
  title: 'Run a pod as any service account of the namespace',
  mitre: 'T1078',
  aliases: { icekube: 'CREATE_POD_WITH_SA' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ServiceAccount'],
  docs: 'create on pods or any workload controller (core, apps, extensions, batch) in the namespace, or update/patch of a controller: a pod spec names any serviceAccountName of the namespace, whatever Pod Security level it enforces. Edges go to the accounts worth reaching (permissions beyond the default policy, a cloud identity, or a crown jewel).',
  difficulty: 0.1,
  *edges(ctx) {
    yield* grantEdges(ctx, ['CREATE_POD', 'CREATE_WORKLOAD', 'MODIFY_WORKLOAD']);
  },
  fixes: fixesAsFound,
};
