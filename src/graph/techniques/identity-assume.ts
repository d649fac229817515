import { fixNoToken } from '../fixes.js';
import { where } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const IDENTITY_ASSUME: Technique = {
  id: 'IDENTITY_ASSUME',
  title: "Use the workload's service account token",
  mitre: 'T1078',
  aliases: { kubehound: 'IDENTITY_ASSUME', icekube: 'USES_ACCOUNT' },
  from: ['Workload'],
  to: ['ServiceAccount'],
  docs:
    'The pods run as serviceAccountName (default `default`) and hold its token: automountServiceAccountToken on the ' +
    "pod spec wins over the ServiceAccount's, unset means true; or a projected serviceAccountToken volume. " +
    '(KubeHound ignores automountServiceAccountToken.)',
  difficulty: 0.05,
  *edges(ctx) {
    for (const wi of ctx.workloads) {
      if (!wi.token) continue;
      const sa = wi.serviceAccountId;
      yield {
        from: wi.id,
        to: sa,
        because:
          `${where(wi)}: serviceAccountName ${wi.serviceAccount}, ` +
          (wi.token === 'automount'
            ? 'token automounted (automountServiceAccountToken not false on the pod spec or the ServiceAccount)'
            : 'projected serviceAccountToken volume'),
        fixes: fixNoToken(wi, ctx.worthReaching(sa)),
      };
    }
  },
  fixes: fixesAsFound,
};
