import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-508',
  title: 'Role can exec into or attach to pods',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'pods/exec and pods/attach give a shell in any pod in scope: its service account token, its Secrets and its ' +
    'network position. (The websocket form needs get, so both get and create count.)',
  remediation: 'Remove pods/exec and pods/attach; give break-glass access through a time-bound role instead.',
  references: {
    kubescape: ['C-0002'],
    trivy: ['KSV-0053', 'KSV-0054'],
    checkov: ['CKV2_K8S_2'],
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
    nsa: [NSA.rbac],
    mitre: [MITRE.containerAdminCommand],
  },
  permissions: [{ verbs: ['create', 'get'], groups: [''], resources: ['pods/exec', 'pods/attach'] }],
  consequence: 'runs commands in any pod in scope',
});
