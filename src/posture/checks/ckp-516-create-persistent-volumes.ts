import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-516',
  title: 'Role can create PersistentVolumes',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'medium',
  rationale:
    'A PersistentVolume can be a hostPath: whoever creates one and a claim to it mounts any node path, past Pod ' +
    'Security admission, which checks pods, not volumes.',
  remediation: 'Let a provisioner create PersistentVolumes; give users PersistentVolumeClaims only.',
  references: {
    kubescape: ['C-0278'],
    nsa: [NSA.rbac],
    cis: ['5.1.9'],
    mitre: [MITRE.escapeToHost],
  },
  permissions: [{ verbs: ['create'], groups: [''], resources: ['persistentvolumes'] }],
  consequence: 'can mount host paths through hostPath volumes',
});
