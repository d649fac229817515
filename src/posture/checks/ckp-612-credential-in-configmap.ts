import { credentialCheck } from './credential.js';
import { MITRE, NSA } from './refs.js';

export default credentialCheck({
  id: 'CKP-612',
  title: 'Static credential in a ConfigMap',
  severity: 'high',
  rationale:
    'ConfigMaps are not secret: view roles read them, they are not encrypted at rest, and they are logged and ' +
    'diffed freely. A credential in one is readable by far more people than its Secret would be.',
  remediation: 'Move the value out of the ConfigMap, revoke it, and use a short-lived credential.',
  references: {
    kubescape: ['C-0012'],
    trivy: ['KSV-01010'],
    polaris: ['sensitiveConfigmapContent'],
    nsa: [NSA.secrets],
    cis: ['5.4.2'],
    mitre: [MITRE.credentialsInFiles],
  },
  sources: ['configmap'],
});
