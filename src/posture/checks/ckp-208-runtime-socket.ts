import { defineCheck } from '../check.js';
import { hostPathVolumes, mountedBy, removeVolumePatch } from '../host-paths.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-208',
  title: 'Container runtime socket mounted',
  severity: 'critical',
  area: 'host',
  rationale:
    'Whoever can talk to the Docker, containerd or CRI-O socket starts privileged containers on the node: full ' +
    'node takeover, whether the mount is read-only or not. A folder that contains the socket (/var/run, /run, ' +
    '/run/containerd) exposes it as well; peers that match the socket’s exact path miss those.',
  remediation: 'Remove the volume; build images with a daemonless builder (BuildKit rootless, kaniko) instead.',
  references: {
    kubescape: ['C-0074'],
    trivy: ['KSV-0006'],
    checkov: ['CKV_K8S_27'],
    kubeLinter: ['docker-sock'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.12'],
    mitre: [MITRE.escapeToHost, MITRE.deployContainer],
  },
  run(ctx) {
    for (const entry of hostPathVolumes(ctx.index)) {
      if (entry.cls !== 'socket') continue;
      ctx.report({
        target: entry.workload,
        path: `${entry.volume.path}.hostPath.path`,
        message: `volume ${entry.volume.name} mounts host path ${entry.path}, which exposes the container runtime socket (${mountedBy(entry)})`,
        patch: podPatch(entry.workload, removeVolumePatch(entry)),
      });
    }
  },
});
