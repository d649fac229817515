import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-506',
  title: 'Role can read Secrets',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'medium',
  rationale:
    'get, list or watch on secrets returns their values: every credential in scope, service account tokens of ' +
    'legacy Secrets included. list and watch cannot be limited by resourceNames.',
  remediation: 'Limit secret access to the named Secrets (resourceNames with get) the subject needs.',
  references: {
    kubescape: ['C-0015', 'C-0186'],
    trivy: ['KSV-0041', 'KSV-0113'],
    checkov: ['CKV2_K8S_5'],
    kubeLinter: ['access-to-secrets'],
    nsa: [NSA.rbac, NSA.secrets],
    cis: ['5.1.2'],
    mitre: [MITRE.containerApiCredentials],
  },
  permissions: [{ verbs: ['get', 'list', 'watch'], groups: [''], resources: ['secrets'] }],
  consequence: 'reads every Secret in scope',
});
