import { credentialCheck } from './credential.js';
import { MITRE, NSA } from './refs.js';

export default credentialCheck({
  id: 'CKP-614',
  title: 'Long-lived credential stored in a Secret',
  severity: 'low',
  rationale:
    'A Secret is the right place for a credential that must exist, but a static cloud key, token or password in ' +
    'one never rotates: whoever reads the Secret once keeps the access. Expected contents (a TLS key in a TLS ' +
    'Secret, registry credentials, basic-auth and ssh-auth Secrets, bootstrap tokens) are not reported.',
  remediation: 'Replace the static credential with one issued per workload and short-lived.',
  references: {
    nsa: [NSA.secrets],
    cis: ['5.4.2'],
    mitre: [MITRE.containerApiCredentials, MITRE.cloudAccounts],
  },
  sources: ['secret-data', 'secret-stringData'],
});
