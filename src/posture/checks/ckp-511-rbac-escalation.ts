import { RBAC_GROUP as RBAC } from '../rbac.js';
import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-511',
  title: 'Role can escalate through RBAC',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'bind and escalate on roles, or writing roles and bindings, let the subject grant itself (or anyone) ' +
    'permissions it does not have: the RBAC escalation check is bypassed by design.',
  remediation: 'Remove bind, escalate and write access to roles and bindings; manage RBAC through a reviewed pipeline.',
  references: {
    kubescape: ['C-0191'],
    trivy: ['KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0055'],
    checkov: ['CKV_K8S_157', 'CKV_K8S_158'],
    nsa: [NSA.rbac],
    cis: ['5.1.8'],
    mitre: [MITRE.clusterRoles],
  },
  permissions: [
    { verbs: ['bind', 'escalate'], groups: [RBAC], resources: ['roles', 'clusterroles'] },
    {
      verbs: ['create', 'update', 'patch'],
      groups: [RBAC],
      resources: ['rolebindings', 'clusterrolebindings', 'roles', 'clusterroles'],
    },
  ],
  consequence: 'grants permissions beyond its own',
});
