import { defineCheck } from '../check.js';
import { hostPathVolumes, mountedBy, removeVolumePatch } from '../host-paths.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-205',
  title: 'hostPath volume',
  severity: 'low',
  area: 'host',
  rationale:
    'Any hostPath volume ties the pod to a node’s filesystem and reads what other pods or the node leave there. ' +
    'This check covers the hostPath volumes that are read-only and outside the sensitive paths; the others are ' +
    'CKP-206 (sensitive), CKP-207 (writable) and CKP-208 (runtime socket), one finding per volume.',
  remediation: 'Replace the hostPath volume with a ConfigMap, Secret, emptyDir or PersistentVolumeClaim.',
  references: {
    kubescape: ['C-0048', 'C-0203'],
    trivy: ['KSV-0023'],
    polaris: ['hostPathSet'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.12'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const entry of hostPathVolumes(ctx.index)) {
      if (entry.cls !== 'other') continue;
      ctx.report({
        target: entry.workload,
        path: `${entry.volume.path}.hostPath.path`,
        message: `volume ${entry.volume.name} mounts host path ${entry.path} read-only (${mountedBy(entry)})`,
        patch: podPatch(entry.workload, removeVolumePatch(entry)),
      });
    }
  },
});
