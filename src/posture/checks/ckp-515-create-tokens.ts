import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-515',
  title: 'Role can create service account tokens',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'create on serviceaccounts/token issues a token for any service account in scope, with any lifetime the API ' +
    'server allows: their permissions become the subject’s.',
  remediation: 'Remove serviceaccounts/token create, or limit it with resourceNames.',
  references: {
    kubescape: ['C-0282'],
    nsa: [NSA.rbac],
    cis: ['5.1.13'],
    mitre: [MITRE.stealToken],
  },
  permissions: [{ verbs: ['create'], groups: [''], resources: ['serviceaccounts/token'] }],
  consequence: 'issues tokens for service accounts in scope',
});
