import { defineCheck } from '../check.js';
import { hostPathVolumes, mountedBy, removeVolumePatch } from '../host-paths.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-206',
  title: 'Sensitive host path mounted',
  severity: 'high',
  area: 'host',
  rationale:
    'The host’s root, /etc, /proc, /sys, /dev, /boot, /usr, /lib, the CNI binaries or the kubelet’s and runtimes’ ' +
    'state hold the node’s credentials (kubelet client certificate, service account tokens of every pod) and code: ' +
    'reading them leaks credentials, writing them is a node takeover.',
  remediation:
    'Remove the volume; if an agent needs host data, mount the narrowest path read-only and run it in a dedicated namespace.',
  references: {
    kubescape: ['C-0048', 'C-0020'],
    trivy: ['KSV-0121'],
    kubeLinter: ['sensitive-host-mounts'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.12'],
    mitre: [MITRE.escapeToHost, MITRE.containerApiCredentials],
  },
  run(ctx) {
    for (const entry of hostPathVolumes(ctx.index)) {
      if (entry.cls !== 'sensitive') continue;
      const access = entry.writableMounts.length > 0 ? 'writable' : 'read-only';
      const what = entry.path === '/' ? 'the host’s root filesystem' : `host path ${entry.path}`;
      ctx.report({
        target: entry.workload,
        path: `${entry.volume.path}.hostPath.path`,
        message: `volume ${entry.volume.name} mounts ${what}, ${access} (${mountedBy(entry)})`,
        patch: podPatch(entry.workload, removeVolumePatch(entry)),
      });
    }
  },
});
