import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-517',
  title: 'Role can delete events',
  severity: 'low',
  rationale: 'Deleting events erases the trail (failed pulls, kills, scheduling) an investigation reads first.',
  remediation: 'Remove delete and deletecollection on events.',
  references: {
    kubescape: ['C-0031', 'C-0007'],
    trivy: ['KSV-0042'],
    nsa: [NSA.audit],
    mitre: [MITRE.indicatorRemoval],
  },
  permissions: [{ verbs: ['delete', 'deletecollection'], groups: ['', 'events.k8s.io'], resources: ['events'] }],
  consequence: 'erases the event trail',
});
