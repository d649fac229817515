import { subjectCheck } from './binding-subject.js';
import { MITRE, NSA } from './refs.js';

export default subjectCheck({
  id: 'CKP-503',
  title: 'Binding to system:anonymous or system:unauthenticated',
  severity: 'critical',
  rationale:
    'Anything bound to system:anonymous or system:unauthenticated is granted to every request without credentials, ' +
    'from anywhere that reaches the API server. The API server’s own binding of public-info-viewer is not reported.',
  remediation: 'Remove these subjects from the binding (or delete it).',
  references: {
    kubescape: ['C-0262'],
    trivy: ['KSV-0122'],
    nsa: [NSA.rbac],
    mitre: [MITRE.defaultAccounts, MITRE.publicFacingApp],
  },
  matches: (s) =>
    (s.kind === 'User' && s.name === 'system:anonymous') || (s.kind === 'Group' && s.name === 'system:unauthenticated'),
});
