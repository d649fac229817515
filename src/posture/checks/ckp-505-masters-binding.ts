import { subjectCheck } from './binding-subject.js';
import { MITRE, NSA } from './refs.js';

export default subjectCheck({
  id: 'CKP-505',
  title: 'Binding to system:masters',
  severity: 'medium',
  rationale:
    'Members of system:masters bypass RBAC entirely and cannot be revoked short of rotating the cluster CA; a ' +
    'binding naming the group signals that it is being handed out (in certificates or aws-auth mappings).',
  remediation: 'Remove system:masters from the binding and give admins a revocable group bound to cluster-admin.',
  references: {
    kubescape: ['C-0246'],
    trivy: ['KSV-0123'],
    nsa: [NSA.rbac],
    cis: ['5.1.7'],
    mitre: [MITRE.validAccounts],
  },
  includeDefaults: false,
  matches: (s) => s.kind === 'Group' && s.name === 'system:masters',
});
