import { defineCheck } from '../check.js';
import {
  RBAC_GROUP,
  isDefaultBinding,
  rawSubject,
  roleRefOf,
  subjectLabel,
  subjectsOf,
  type Subject,
} from '../rbac.js';
import { kubectlDelete } from '../patch.js';
import { refOf } from '../context.js';
import { MITRE, NSA } from './refs.js';

/** Subjects other checks report (CKP-503..505) or that are the system's own. */
function isSystemSubject(subject: Subject): boolean {
  return subject.kind !== 'ServiceAccount' && subject.name.startsWith('system:');
}

export default defineCheck({
  id: 'CKP-502',
  title: 'Binding to cluster-admin',
  severity: 'critical',
  area: 'rbac',
  rationale:
    'cluster-admin is every verb on every resource: whoever holds it, a user, a group or a pod’s service account, ' +
    'owns the cluster and every secret in it. A RoleBinding to it owns the namespace. System subjects and the API ' +
    'server’s own bindings are not reported (anonymous, authenticated and masters have CKP-503..505).',
  remediation: 'Bind a role with only the permissions the subject needs, and remove cluster-admin.',
  references: {
    kubescape: ['C-0035', 'C-0185'],
    trivy: ['KSV-0111'],
    kubeLinter: ['cluster-admin-role-binding'],
    polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
    nsa: [NSA.rbac],
    cis: ['5.1.1'],
    mitre: [MITRE.clusterRoles, MITRE.validAccounts],
  },
  run(ctx) {
    const bindings = [
      ...ctx.index.objects('ClusterRoleBinding', [RBAC_GROUP]),
      ...ctx.index.objects('RoleBinding', [RBAC_GROUP]),
    ];
    for (const binding of bindings) {
      if (isDefaultBinding(binding)) continue;
      const ref = roleRefOf(binding);
      if (ref?.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') continue;
      const subjects = subjectsOf(binding);
      const flagged = subjects.filter((s) => !isSystemSubject(s));
      if (flagged.length === 0) continue;
      const keep = subjects.filter((s) => isSystemSubject(s));
      const scope = binding.kind === 'RoleBinding' ? ` in namespace ${binding.namespace ?? ''}` : ' cluster-wide';
      ctx.report({
        target: binding,
        path: 'subjects',
        message: `${binding.kind} ${binding.name} grants cluster-admin${scope} to ${flagged.map(subjectLabel).join(', ')}`,
        ...(keep.length > 0
          ? { patch: { subjects: keep.map(rawSubject) } }
          : { command: kubectlDelete(refOf(binding)) }),
      });
    }
  },
});
