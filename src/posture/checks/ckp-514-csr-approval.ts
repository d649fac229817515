import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-514',
  title: 'Role can approve certificate signing requests',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'Approving CSRs (with create on certificatesigningrequests) mints client certificates for any user or group ' +
    'the signer allows, which cannot be revoked before they expire.',
  remediation: 'Remove certificatesigningrequests/approval and the approve verb on signers.',
  references: {
    kubescape: ['C-0280'],
    checkov: ['CKV_K8S_156'],
    nsa: [NSA.rbac],
    cis: ['5.1.11'],
    mitre: [MITRE.validAccounts],
  },
  permissions: [
    { verbs: ['update', 'patch'], groups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'] },
    { verbs: ['approve'], groups: ['certificates.k8s.io'], resources: ['signers'] },
  ],
  consequence: 'mints client certificates',
});
