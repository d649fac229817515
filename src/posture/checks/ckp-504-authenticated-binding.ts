import { subjectCheck } from './binding-subject.js';
import { MITRE, NSA } from './refs.js';

export default subjectCheck({
  id: 'CKP-504',
  title: 'Binding to system:authenticated',
  severity: 'high',
  rationale:
    'system:authenticated is every identity the cluster accepts, every pod’s service account included, and on ' +
    'managed clusters sometimes every account of the cloud provider: a grant to it is a grant to anyone. The API ' +
    'server’s own bindings (discovery, basic-user, public-info-viewer) are not reported.',
  remediation: 'Bind the role to the specific users, groups or service accounts that need it.',
  references: {
    kubescape: ['C-0265'],
    trivy: ['KSV-01011'],
    nsa: [NSA.rbac],
    mitre: [MITRE.validAccounts],
  },
  matches: (s) => s.kind === 'Group' && s.name === 'system:authenticated',
});
