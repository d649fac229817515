import type { TechniqueContext } from '../context.js';
import { grantBecause, grantFixes, grantsOf, userOf } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';
import { fanOut } from './fan-out.js';

/** The namespaces where the holder may create pods or a workload controller (all names). */
function podNamespaces(ctx: TechniqueContext, holder: string): string[] {
  const out = new Set<string>();
  const all = [...new Set([...ctx.inventory.namespaces.keys(), ...ctx.rbac.facts.namespaces])];
  for (const g of grantsOf(ctx, ['CREATE_POD', 'CREATE_WORKLOAD'])) {
    if (g.holder !== holder) continue;
    if (g.scope.kind === 'namespace') out.add(g.scope.namespace);
    else for (const ns of all) out.add(ns);
  }
  return [...out].sort();
}

export const CREATE_PV: Technique = {
  id: 'CREATE_PV',
  title: 'Mount the node filesystem through a hostPath PersistentVolume',
  mitre: 'T1611',
  aliases: {},
  from: ['ServiceAccount', 'User', 'Group'],
  to: ['Node'],
  docs:
    'create on persistentvolumes (cluster-scoped, no resourceNames), and in one namespace create on ' +
    'persistentvolumeclaims (asked of the RBAC authorizer) and on pods or a workload controller, where the enforced ' +
    'Pod Security level is baseline or privileged: the holder creates a hostPath PersistentVolume of /, a claim bound ' +
    'to it (volumeName) and a root pod mounting the claim. Pod Security admission checks the pod volumes only, and a ' +
    'persistentVolumeClaim volume is allowed at every level. At restricted the pod must run as non-root, which cannot ' +
    'write the root-owned host files: no edge. The pod may set nodeName, so it reaches every node.',
  difficulty: 0.2,
  *edges(ctx) {
    for (const g of grantsOf(ctx, ['CREATE_PV'])) {
      const user = userOf(g.holder);
      const namespaces = podNamespaces(ctx, g.holder).filter((ns) => {
        if (ctx.enforcedLevel(ns) === 'restricted') return false;
        return ctx.rbac.index.authorize(user, {
          resourceRequest: true,
          verb: 'create',
          apiGroup: '',
          resource: 'persistentvolumeclaims',
          subresource: '',
          name: '',
          namespace: ns,
        }).allowed;
      });
      if (namespaces.length === 0) continue;
      const shown = namespaces.slice(0, 3).join(', ') + (namespaces.length > 3 ? ', ...' : '');
      const because = `${grantBecause(g)}; may create persistentvolumeclaims and pods in ${shown} (Pod Security below restricted)`;
      // Without the PersistentVolume there is nothing to mount: removing that grant removes the edge.
      const fixes = grantFixes(ctx, g);
      yield* fanOut(g.holder, ctx.nodeIds, 'nodes', { because, fixes });
    }
  },
  fixes: fixesAsFound,
};
