import { annotatedIdentityEdges } from './cloud-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const IRSA_ASSUME_ROLE: Technique = {
  id: 'IRSA_ASSUME_ROLE',
  title: 'Assume the IAM role of a service account (IRSA)',
  mitre: 'T1078.004',
  aliases: {},
  from: ['ServiceAccount', 'Workload'],
  to: ['CloudIdentity'],
  docs:
    'The ServiceAccount has annotation eks.amazonaws.com/role-arn: holding the account (or running as it: the EKS ' +
    'webhook projects an sts.amazonaws.com token even when the API token is not mounted) gives AssumeRoleWithWebIdentity. ' +
    "The role's trust policy is not in the input; the annotation is taken as the fact.",
  difficulty: 0.05,
  *edges(ctx) {
    yield* annotatedIdentityEdges(ctx, 'eks.amazonaws.com/role-arn', 'aws');
  },
  fixes: fixesAsFound,
};
