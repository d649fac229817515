import { fixesAsFound, type Technique } from './types.js';

export const SYSTEM_MASTERS: Technique = {
  id: 'SYSTEM_MASTERS',
  title: 'Member of system:masters',
  mitre: 'T1078',
  aliases: {},
  from: ['User', 'Group'],
  to: ['ClusterAdmin'],
  docs: 'The identity is (or belongs to) group system:masters, which the API server lets through before RBAC.',
  difficulty: 0,
  *edges(ctx) {
    for (const list of ctx.escalation.edges.values()) {
      for (const e of list) {
        if (e.kind === 'MASTERS' && /^(User|Group|ServiceAccount):/.test(e.from)) {
          yield { from: e.from, to: 'ClusterAdmin', because: `${e.from}: ${e.because}`, fixes: [] };
        }
      }
    }
    yield {
      from: 'Group:system:masters',
      to: 'ClusterAdmin',
      because: 'group system:masters bypasses RBAC',
      fixes: [],
    };
  },
  fixes: fixesAsFound,
};
