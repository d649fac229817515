import { credentialCheck } from './credential.js';
import { MITRE, NSA } from './refs.js';

export default credentialCheck({
  id: 'CKP-610',
  title: 'Static credential in a container environment variable',
  severity: 'high',
  rationale:
    'A credential written into env is in the manifest, its git history, the API server and every backup of it, ' +
    'readable by anyone who can get the workload, and never rotates.',
  remediation: 'Remove the value from the manifest, revoke it, and let the workload obtain a short-lived credential.',
  references: {
    kubescape: ['C-0012'],
    trivy: ['KSV-0109'],
    kubeLinter: ['env-var-secret'],
    polaris: ['sensitiveContainerEnvVar'],
    nsa: [NSA.secrets],
    cis: ['5.4.2'],
    mitre: [MITRE.credentialsInFiles, MITRE.cloudAccounts],
  },
  sources: ['env'],
});
