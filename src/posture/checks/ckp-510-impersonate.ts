import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-510',
  title: 'Role can impersonate',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'impersonate on users, groups or service accounts lets the subject act as any of them (system:masters ' +
    'included, unless restricted by resourceNames): a direct privilege escalation.',
  remediation: 'Remove impersonate, or restrict it with resourceNames to the identities strictly needed.',
  references: {
    kubescape: ['C-0065', 'C-0191'],
    trivy: ['KSV-0043'],
    checkov: ['CKV2_K8S_3'],
    nsa: [NSA.rbac],
    cis: ['5.1.8'],
    mitre: [MITRE.validAccounts],
  },
  permissions: [
    {
      verbs: ['impersonate'],
      groups: ['', 'authentication.k8s.io'],
      resources: ['users', 'groups', 'serviceaccounts', 'uids', 'userextras/scopes', 'userextras'],
    },
  ],
  consequence: 'acts as other users, groups or service accounts',
});
