import { grantBecause, grantFixes, grantsOf } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';
import { fanOut } from './fan-out.js';

export const PSA_BYPASS: Technique = {
  id: 'PSA_BYPASS',
  title: 'Relabel a namespace to privileged, then create a privileged pod',
  mitre: 'T1610',
  aliases: { icekube: 'PATCH_NAMESPACE_TO_BYPASS_PSA' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Node'],
  docs:
    'update/patch on the Namespace (resourceNames honoured) and create on pods or a workload controller in that ' +
    'namespace, which enforces baseline or restricted: the holder sets pod-security.kubernetes.io/enforce: privileged ' +
    'and creates a privileged pod.',
  difficulty: 0.2,
  *edges(ctx) {
    const creators = new Map<string, { namespaces: 'all' | Set<string>; because: string }>();
    for (const g of grantsOf(ctx, ['CREATE_POD', 'CREATE_WORKLOAD'])) {
      const cur = creators.get(g.holder) ?? { namespaces: new Set<string>(), because: grantBecause(g) };
      if (g.scope.kind !== 'namespace') cur.namespaces = 'all';
      else if (cur.namespaces !== 'all') cur.namespaces.add(g.scope.namespace);
      creators.set(g.holder, cur);
    }
    for (const g of grantsOf(ctx, ['NAMESPACE_LABELS'])) {
      const c = creators.get(g.holder);
      if (!c) continue;
      const candidates = [...ctx.inventory.namespaces.keys()].filter(
        (ns) =>
          ctx.enforcedLevel(ns) !== 'privileged' &&
          (c.namespaces === 'all' || c.namespaces.has(ns)) &&
          (g.names === 'all' || g.names.includes(ns)),
      );
      if (candidates.length === 0) continue;
      const because = `${grantBecause(g)}; ${c.because}; namespace ${candidates.join(', ')} can be relabelled`;
      yield* fanOut(g.holder, ctx.nodeIds, 'nodes', { because, fixes: grantFixes(ctx, g) });
    }
  },
  fixes: fixesAsFound,
};
