import { defineCheck } from '../check.js';
import { podPatch, volumes } from '../workload.js';
import { MITRE, NSA } from './refs.js';

/** The volume types the Pod Security Standards' restricted level allows. */
const ALLOWED = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export default defineCheck({
  id: 'CKP-120',
  title: 'Volume type outside the restricted set',
  severity: 'low',
  area: 'workload',
  rationale:
    'In-tree volume types such as nfs, iscsi, rbd, cephfs or gitRepo mount storage from the node’s kernel with ' +
    'credentials and options the pod chooses; gitRepo even runs git on the node. hostPath volumes are reported by ' +
    'CKP-205..208.',
  remediation: 'Use a PersistentVolumeClaim (provisioned by the platform) or a CSI volume instead.',
  references: {
    trivy: ['KSV-0028'],
    nsa: [NSA.podSecurity],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      for (const volume of volumes(workload)) {
        const types = Object.keys(volume.raw).filter((key) => key !== 'name');
        const bad = types.filter((t) => !ALLOWED.has(t) && t !== 'hostPath');
        if (bad.length === 0) continue;
        ctx.report({
          target: workload,
          path: volume.path,
          message: `volume ${volume.name} is of type ${bad.join(', ')}`,
          patch: podPatch(workload, { volumes: [{ name: volume.name, $patch: 'delete' }] }),
          advice: 'Remove the volume (and its volumeMounts) once it is replaced.',
        });
      }
    }
  },
});
