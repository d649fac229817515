import { RBAC_GROUP, bindingsOf, roleRefOf } from '../rbac.js';
import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-518',
  title: 'Role can change ConfigMaps in kube-system',
  severity: 'medium',
  rationale:
    'kube-system ConfigMaps configure the cluster: rewriting coredns poisons every name lookup, rewriting aws-auth ' +
    'maps any IAM identity to system:masters on EKS. Checked for Roles in kube-system and ClusterRoles bound ' +
    'cluster-wide or in kube-system.',
  remediation: 'Remove write access to configmaps in kube-system, or limit it with resourceNames.',
  references: {
    kubescape: ['C-0037'],
    trivy: ['KSV-0049', 'KSV-0115'],
    nsa: [NSA.rbac],
    mitre: [MITRE.adversaryInTheMiddle, MITRE.validAccounts],
  },
  permissions: [{ verbs: ['create', 'update', 'patch', 'delete'], groups: [''], resources: ['configmaps'] }],
  consequence: 'rewrites cluster configuration such as coredns or aws-auth',
  sensitiveNames: ['coredns', 'aws-auth', 'kube-proxy', 'kubeadm-config', 'kubelet-config', 'cluster-info'],
  applies: (ctx, role) => {
    if (role.kind === 'Role') return role.namespace === 'kube-system';
    return bindingsOf(ctx.index, role).some(
      (b) =>
        b.group === RBAC_GROUP &&
        (b.kind === 'ClusterRoleBinding' || b.namespace === 'kube-system') &&
        roleRefOf(b) !== undefined,
    );
  },
});
