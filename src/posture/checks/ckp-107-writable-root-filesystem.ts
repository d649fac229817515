import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-107',
  title: 'Writable root filesystem',
  severity: 'low',
  area: 'workload',
  rationale:
    'A writable root filesystem lets an intruder drop tools, change binaries and persist in the container. ' +
    'Checked on containers that run for the pod’s life (regular ones and sidecars): init and debug containers ' +
    'are short-lived and often must write.',
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write.',
  references: {
    kubescape: ['C-0017'],
    trivy: ['KSV-0014'],
    checkov: ['CKV_K8S_22'],
    kubeLinter: ['no-read-only-root-fs'],
    polaris: ['notReadOnlyRootFilesystem'],
    nsa: [NSA.immutable],
    mitre: [MITRE.implantImage],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (!site.longRunning || site.sc?.['readOnlyRootFilesystem'] === true) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.readOnlyRootFilesystem`,
        message: `container ${site.name} has a writable root filesystem`,
        patch: containerPatch(site, { securityContext: { readOnlyRootFilesystem: true } }),
      });
    }
  },
});
