import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const CSR_APPROVE: Technique = {
  id: 'CSR_APPROVE',
  title: 'Issue oneself a client certificate',
  mitre: 'T1649',
  aliases: { icekube: 'GENERATE_CLIENT_CERTIFICATE' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'User', 'Group'],
  docs: 'create certificatesigningrequests, update certificatesigningrequests/approval and approve on signers kubernetes.io/kube-apiserver-client: a certificate for any user and groups (system:masters included).',
  difficulty: 0.1,
  *edges(ctx) {
    yield* grantEdges(ctx, ['CSR_SIGN']);
  },
  fixes: fixesAsFound,
};
