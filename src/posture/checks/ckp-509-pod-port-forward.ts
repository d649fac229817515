import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-509',
  title: 'Role can port-forward to pods',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'medium',
  rationale:
    'pods/portforward tunnels to any port of any pod in scope, past NetworkPolicies and Service exposure: ' +
    'databases and admin ports become reachable from the caller’s laptop.',
  remediation: 'Remove pods/portforward from the role.',
  references: {
    kubescape: ['C-0063'],
    nsa: [NSA.rbac],
    mitre: [MITRE.containerAdminCommand],
  },
  permissions: [{ verbs: ['create', 'get'], groups: [''], resources: ['pods/portforward'] }],
  consequence: 'tunnels to any pod port in scope, past NetworkPolicies',
});
