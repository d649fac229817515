import type { RbacBinding } from '../../rbac/index.js';
import type { TechniqueContext } from '../context.js';
import { COST, fixBindingSubjects } from '../fixes.js';
import type { FixOption } from '../model.js';
import { userOf } from './rbac-common.js';
import { fixesAsFound, type Technique } from './types.js';

const NODES_GROUP = 'Group:system:nodes';

/** The bindings whose subjects name the identity itself (not through a group), and the fix removing it from them. */
function namingBindings(ctx: TechniqueContext, id: string): { names: string[]; fixes: FixOption[] } | undefined {
  if (!ctx.rbac.index.subject(id)?.bound) return undefined;
  const kind = id.startsWith('Group:') ? 'Group' : 'User';
  const name = id.slice(kind.length + 1);
  const bindings = new Set<RbacBinding>();
  const { policy } = ctx.rbac.index;
  for (const b of [...policy.clusterRoleBindings, ...policy.roleBindings]) {
    if (b.subjects.some((s) => s.kind === kind && s.name === name)) bindings.add(b);
  }
  if (bindings.size === 0) return undefined;
  const names = [...bindings].map((b) => `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`);
  // The kubelets use what the binding grants them: the cost of changing a binding something relies on.
  const fixes = fixBindingSubjects(bindings, userOf(id), true).map((f) => ({
    ...f,
    cost: Math.max(f.cost, COST.removeControllerSubject),
  }));
  return { names, fixes };
}

export const NODE_IDENTITY: Technique = {
  id: 'NODE_IDENTITY',
  title: "Use the kubelet's credential",
  mitre: 'T1078',
  aliases: { kubehound: 'IDENTITY_ASSUME' },
  from: ['Node'],
  to: ['User', 'Group'],
  docs:
    "Root on a node holds the kubelet's client credential: user system:node:<name> in group system:nodes. Edges go " +
    'to User:system:node:<name> and Group:system:nodes only when an RBAC binding names them (as KubeHound does); ' +
    'with no Node objects only the group. The Node authorizer, which is not RBAC, lets a kubelet read the Secrets, ' +
    'ConfigMaps, PersistentVolumes and claims of the pods bound to it and request tokens for their service accounts: ' +
    'root on the node has those already (TOKEN_STEAL, STATIC_CREDENTIAL). It may also create mirror pods, which ' +
    'NodeRestriction binds to the node itself and forbids from using service accounts or secrets: nothing gained. ' +
    'NodeRestriction is not applied to what RBAC grants system:nodes: a binding giving the group pod create or patch ' +
    'is followed as for any group, although the API server would only let a kubelet touch its own pods.',
  difficulty: 0.1,
  *edges(ctx) {
    const group = namingBindings(ctx, NODES_GROUP);
    for (const node of ctx.nodeIds) {
      if (group) {
        yield {
          from: node,
          to: NODES_GROUP,
          because: `the kubelet authenticates in group system:nodes, which ${group.names.join(', ')} name${group.names.length === 1 ? 's' : ''}`,
          fixes: group.fixes,
        };
      }
      if (node === 'Node:*') continue;
      const user = `User:system:node:${node.slice(5)}`;
      const own = namingBindings(ctx, user);
      if (!own) continue;
      yield {
        from: node,
        to: user,
        because: `the kubelet of ${node.slice(5)} authenticates as ${user.slice(5)}, which ${own.names.join(', ')} name${own.names.length === 1 ? 's' : ''}`,
        fixes: own.fixes,
      };
    }
  },
  fixes: fixesAsFound,
};
