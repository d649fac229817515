import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-512',
  title: 'Role can use nodes/proxy',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'nodes/proxy reaches the kubelet API of every node through the API server: exec in any pod of the node, ' +
    'without the pod-level RBAC or audit of pods/exec.',
  remediation: 'Remove nodes/proxy; monitoring agents can read metrics through nodes/metrics instead.',
  references: {
    kubescape: ['C-0279'],
    trivy: ['KSV-0047'],
    checkov: ['CKV2_K8S_2'],
    nsa: [NSA.rbac],
    cis: ['5.1.10'],
    mitre: [MITRE.containerAdminCommand],
  },
  permissions: [{ verbs: ['get', 'create', 'update', 'patch'], groups: [''], resources: ['nodes/proxy'] }],
  consequence: 'reaches every kubelet API (and exec in its pods)',
});
