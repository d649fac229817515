import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const POD_PATCH: Technique = {
  id: 'POD_PATCH',
  title: 'Replace the image of running pods',
  mitre: 'T1609',
  aliases: { kubehound: 'POD_PATCH', icekube: 'REPLACE_IMAGE' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ServiceAccount'],
  docs: "update/patch on pods (resourceNames honoured): the holder swaps a container image and runs code with the pod's token, i.e. reaches the accounts running pods of the namespace hold.",
  difficulty: 0.2,
  *edges(ctx) {
    yield* grantEdges(ctx, ['MODIFY_POD']);
  },
  fixes: fixesAsFound,
};
