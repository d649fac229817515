import { credentialCheck } from './credential.js';
import { MITRE, NSA } from './refs.js';

export default credentialCheck({
  id: 'CKP-611',
  title: 'Static credential in a container command or args',
  severity: 'high',
  rationale:
    'A credential on the command line is in the manifest and, at runtime, in every process listing on the node ' +
    '(/proc/<pid>/cmdline is world-readable on the host).',
  remediation: 'Pass the credential through a mounted file from a secrets manager, and revoke this one.',
  references: {
    kubescape: ['C-0012'],
    nsa: [NSA.secrets],
    cis: ['5.4.2'],
    mitre: [MITRE.credentialsInFiles],
  },
  sources: ['command', 'args'],
});
