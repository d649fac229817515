import { subjectCheck } from './binding-subject.js';
import { MITRE, NSA } from './refs.js';

export default subjectCheck({
  id: 'CKP-520',
  title: 'Permissions granted to a default service account',
  severity: 'medium',
  rationale:
    'Every pod that names no service account runs as its namespace’s default one: permissions bound to it go to ' +
    'all of them, including pods added later for other purposes.',
  remediation: 'Create a dedicated service account for the workload that needs the role, and bind that instead.',
  references: {
    kubescape: ['C-0189'],
    checkov: ['CKV_K8S_42'],
    kubeLinter: ['default-service-account'],
    nsa: [NSA.tokens, NSA.rbac],
    cis: ['5.1.5'],
    mitre: [MITRE.defaultAccounts],
  },
  matches: (s) => s.kind === 'ServiceAccount' && s.name === 'default',
});
