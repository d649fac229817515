import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const WEBHOOK_CONTROL: Technique = {
  id: 'WEBHOOK_CONTROL',
  title: 'Control a mutating admission webhook or policy',
  mitre: 'T1546',
  aliases: {},
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'ServiceAccount', 'User', 'Group'],
  docs: 'create/update/patch on mutatingwebhookconfigurations or mutating admission policies: every object written to the API passes through the holder, which may inject any pod spec or account.',
  difficulty: 0.3,
  *edges(ctx) {
    yield* grantEdges(ctx, ['ADMISSION_CONTROL']);
  },
  fixes: fixesAsFound,
};
