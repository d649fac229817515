import { defineCheck } from '../check.js';
import { hostPathVolumes, readOnlyMountsPatch } from '../host-paths.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-207',
  title: 'Writable hostPath mount',
  severity: 'medium',
  area: 'host',
  rationale:
    'A writable host mount lets the container plant files on the node that outlive the pod, and with a symlink ' +
    'race or a path the node executes, run code on it (CVE-2021-25741). Sensitive paths and runtime sockets are ' +
    'reported by CKP-206 and CKP-208 instead.',
  remediation: 'Mount the host path with readOnly: true, or replace it with an emptyDir or a PersistentVolumeClaim.',
  references: {
    kubescape: ['C-0045'],
    kubeLinter: ['writable-host-mount'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.12'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const entry of hostPathVolumes(ctx.index)) {
      if (entry.cls !== 'writable') continue;
      const writers = [...new Set(entry.writableMounts.map((m) => m.site.name))];
      ctx.report({
        target: entry.workload,
        path: `${entry.volume.path}.hostPath.path`,
        message: `volume ${entry.volume.name} mounts host path ${entry.path} writable in ${writers.join(', ')}`,
        patch: podPatch(entry.workload, readOnlyMountsPatch(entry)),
      });
    }
  },
});
