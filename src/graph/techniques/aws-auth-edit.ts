import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const AWS_AUTH_EDIT: Technique = {
  id: 'AWS_AUTH_EDIT',
  title: 'Edit the EKS aws-auth ConfigMap',
  mitre: 'T1098',
  aliases: { icekube: 'UPDATE_AWS_AUTH' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'Group'],
  docs: 'update/patch on ConfigMap kube-system/aws-auth in a cluster the input shows is EKS: the holder maps an IAM principal it controls to system:masters.',
  difficulty: 0.2,
  *edges(ctx) {
    yield* grantEdges(ctx, ['AWS_AUTH']);
  },
  fixes: fixesAsFound,
};
