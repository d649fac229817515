import { credentialIndex } from './credentials.js';
import { grantBecause, grantFixes, grantsOf } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

export const SECRET_READ: Technique = {
  id: 'SECRET_READ',
  title: 'Read a secret',
  mitre: 'T1552.007',
  aliases: { icekube: 'ACCESS_SECRET' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Secret'],
  docs:
    "get/list/watch on secrets in the secret's namespace (resourceNames honoured; list and watch need no name). " +
    'Edges go to the Secret nodes of the graph: those in kube-system, the crown jewels, and those storing a ' +
    'credential of a known identity (STATIC_CREDENTIAL).',
  difficulty: 0.05,
  *edges(ctx) {
    const credentials = credentialIndex(ctx).secrets;
    const secrets = ctx.inventory.objects.filter(
      (o) =>
        o.kind === 'Secret' &&
        o.group === '' &&
        o.namespace &&
        (o.namespace === 'kube-system' ||
          o.annotations['chokepoint.io/crown-jewel'] === 'true' ||
          credentials.has(`Secret:${o.namespace}/${o.name}`)),
    );
    if (secrets.length === 0) return;
    for (const g of grantsOf(ctx, ['READ_SECRETS', 'WILDCARD'])) {
      for (const s of secrets) {
        if (g.scope.kind === 'namespace' && g.scope.namespace !== s.namespace) continue;
        if (g.names !== 'all' && !g.names.includes(s.name)) continue;
        yield {
          from: g.holder,
          to: `Secret:${s.namespace}/${s.name}`,
          because: grantBecause(g),
          fixes: grantFixes(ctx, g),
        };
      }
    }
  },
  fixes: fixesAsFound,
};
