import { defineCheck } from '../check.js';
import { bindingSummary, isRoleInUse, rulesOf } from '../rbac.js';
import { customRoles } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-501',
  title: 'Wildcard in RBAC rules',
  severity: 'high',
  area: 'rbac',
  rationale:
    'A * in verbs, resources or apiGroups grants everything that exists and everything added later (new CRDs, ' +
    'new subresources): secrets, exec, escalate. With all three it is cluster-admin in disguise. The API server’s ' +
    'own roles are not reported.',
  remediation: 'List the verbs, resources and API groups the subject needs instead of *.',
  references: {
    kubescape: ['C-0187'],
    trivy: ['KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0112'],
    checkov: ['CKV_K8S_49'],
    kubeLinter: ['wildcard-in-rules'],
    polaris: ['clusterrolebindingClusterAdmin'],
    nsa: [NSA.rbac],
    cis: ['5.1.3'],
    mitre: [MITRE.clusterRoles],
  },
  run(ctx) {
    for (const role of customRoles(ctx)) {
      const wild = rulesOf(role).filter(
        (r) =>
          r.resources.length > 0 && (r.verbs.includes('*') || r.resources.includes('*') || r.apiGroups.includes('*')),
      );
      if (wild.length === 0) continue;
      const full = wild.some((r) => r.verbs.includes('*') && r.resources.includes('*') && r.apiGroups.includes('*'));
      const fields = [
        wild.some((r) => r.verbs.includes('*')) ? 'verbs' : '',
        wild.some((r) => r.resources.includes('*')) ? 'resources' : '',
        wild.some((r) => r.apiGroups.includes('*')) ? 'apiGroups' : '',
      ].filter(Boolean);
      const where = wild.map((r) => `rules[${r.index}]`).join(', ');
      const usage = isRoleInUse(ctx.index, role) ? bindingSummary(ctx.index, role) : 'not bound in the input';
      ctx.report({
        target: role,
        path: `rules[${wild[0]!.index}]`,
        message: `${role.kind} ${role.name} has * in ${fields.join(', ')}${wild.length > 1 ? ` (${where})` : ''}${full ? ' (every verb on every resource: cluster-admin equivalent)' : ''}; ${usage}`,
      });
    }
  },
});
