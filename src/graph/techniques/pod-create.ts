import { fixNamespaceLevel, grantBecause, grantFixes, grantsOf, privilegedNamespaces } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';
import { fanOut } from './fan-out.js';

export const POD_CREATE: Technique = {
  id: 'POD_CREATE',
  title: 'Create a privileged pod',
  mitre: 'T1610',
  aliases: { kubehound: 'POD_CREATE', icekube: 'CREATE_PRIVILEGED_WORKLOAD' },
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Node'],
  docs:
    'create on pods or any workload controller (core, apps, extensions, batch; no resourceNames), or update of a ' +
    'controller, in a namespace whose enforced Pod Security level is privileged (no enforce label: privileged, the ' +
    'admission default). A pod baseline or restricted admits cannot escape. The pod may set nodeName and tolerations, ' +
    'so it reaches every node.',
  difficulty: 0.1,
  *edges(ctx) {
    const relabellers = grantsOf(ctx, ['NAMESPACE_LABELS']);
    for (const g of grantsOf(ctx, ['CREATE_POD', 'CREATE_WORKLOAD', 'MODIFY_WORKLOAD', 'WILDCARD'])) {
      if (g.capability === 'MODIFY_WORKLOAD' && g.names !== 'all') continue;
      const namespaces = privilegedNamespaces(ctx, g);
      if (namespaces.length === 0) continue;
      // Enforcing baseline cuts the step unless the holder may relabel the namespace back (PSA_BYPASS).
      const ns = g.scope.kind === 'namespace' ? g.scope.namespace : undefined;
      const relabels = relabellers.some((r) => r.holder === g.holder && (r.names === 'all' || r.names.includes(ns!)));
      const extra = ns !== undefined && !relabels ? [fixNamespaceLevel(ns)] : [];
      const because = `${grantBecause(g)}; namespace ${namespaces.slice(0, 3).join(', ')}${namespaces.length > 3 ? ', ...' : ''} enforces Pod Security level privileged`;
      const fixes = grantFixes(ctx, g, extra);
      yield* fanOut(g.holder, ctx.nodeIds, 'nodes', { because, fixes });
    }
  },
  fixes: fixesAsFound,
};
