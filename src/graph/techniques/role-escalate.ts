import { grantEdges } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const ROLE_ESCALATE: Technique = {
  id: 'ROLE_ESCALATE',
  title: 'Escalate a role bound to oneself',
  mitre: 'T1078',
  aliases: { icekube: 'RBAC_ESCALATE_TO' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['ClusterAdmin', 'ServiceAccount', 'User', 'Group'],
  docs: 'escalate on (cluster)roles with update/patch of a role bound to the holder (or a ClusterRole that aggregates into one): the holder writes any rule into it.',
  difficulty: 0.1,
  *edges(ctx) {
    yield* grantEdges(ctx, ['ESCALATE']);
  },
  fixes: fixesAsFound,
};
