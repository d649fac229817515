import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-513',
  title: 'Role can manage admission webhooks',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'high',
  rationale:
    'Writing webhook configurations lets the subject intercept (and rewrite) every object sent to the API server, ' +
    'Secrets included, or switch off the policy webhooks that guard it.',
  remediation: 'Remove write access to mutating and validating webhook configurations.',
  references: {
    kubescape: ['C-0281'],
    trivy: ['KSV-0114'],
    checkov: ['CKV_K8S_155'],
    nsa: [NSA.rbac],
    cis: ['5.1.12'],
    mitre: [MITRE.impairDefenses, MITRE.modifyAuthentication],
  },
  permissions: [
    {
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      groups: ['admissionregistration.k8s.io'],
      resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
    },
  ],
  consequence: 'intercepts or disables admission control',
});
