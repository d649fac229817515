import { annotatedIdentityEdges } from './cloud-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const GKE_WORKLOAD_IDENTITY: Technique = {
  id: 'GKE_WORKLOAD_IDENTITY',
  title: 'Act as the Google service account of a Kubernetes service account',
  mitre: 'T1078.004',
  aliases: {},
  from: ['ServiceAccount', 'Workload'],
  to: ['CloudIdentity'],
  docs:
    'The ServiceAccount has annotation iam.gke.io/gcp-service-account: the GKE metadata server hands its pods tokens ' +
    'of that Google service account (roles/iam.workloadIdentityUser on it is not in the input).',
  difficulty: 0.05,
  *edges(ctx) {
    yield* annotatedIdentityEdges(ctx, 'iam.gke.io/gcp-service-account', 'gcp');
  },
  fixes: fixesAsFound,
};
