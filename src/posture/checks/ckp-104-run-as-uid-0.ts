import { defineCheck } from '../check.js';
import { containerPatch, effective, effectivePath } from '../workload.js';
import { linuxSites, usesUserNamespace } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-104',
  title: 'Container runs as UID 0',
  severity: 'high',
  area: 'workload',
  rationale:
    'runAsUser: 0 asks for root explicitly, whatever the image says; with any other weakness (a writable host ' +
    'mount, an added capability, a kernel bug) root in the container becomes root on the node.',
  remediation: 'Set runAsUser to a non-zero UID the image supports, and runAsNonRoot: true.',
  references: {
    kubescape: ['C-0013'],
    trivy: ['KSV-0105'],
    checkov: ['CKV_K8S_23'],
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    nsa: [NSA.nonRoot],
    cis: ['5.2.7'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (usesUserNamespace(site) || effective(site, 'runAsUser') !== 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: effectivePath(site, 'runAsUser'),
        message: `container ${site.name} runs as UID 0 (root)`,
        patch: containerPatch(site, { securityContext: { runAsUser: 65532, runAsNonRoot: true } }),
        advice: 'The patch uses UID 65532 as an example: use the UID the image is built for.',
      });
    }
  },
});
