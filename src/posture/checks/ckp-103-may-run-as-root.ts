import { defineCheck } from '../check.js';
import { containerPatch, effective, effectivePath, numberValue } from '../workload.js';
import { linuxSites, usesUserNamespace } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-103',
  title: 'Container may run as root',
  severity: 'medium',
  area: 'workload',
  rationale:
    'Without runAsNonRoot: true or a non-zero runAsUser (on the container or inherited from the pod), the container ' +
    'runs as whatever user the image names, often root; root in a container is one kernel bug or one ' +
    'misconfiguration away from root on the node.',
  remediation:
    'Set securityContext.runAsNonRoot: true (and a runAsUser the image supports) on the pod or the container.',
  references: {
    kubescape: ['C-0013', 'C-0198'],
    trivy: ['KSV-0012'],
    checkov: ['CKV_K8S_23'],
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    nsa: [NSA.nonRoot],
    cis: ['5.2.7'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (usesUserNamespace(site)) continue;
      const nonRoot = effective(site, 'runAsNonRoot');
      const user = numberValue(effective(site, 'runAsUser'));
      // An explicit UID 0 is CKP-104's finding; any other explicit UID is not root.
      if (user !== undefined) continue;
      if (nonRoot === true) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: effectivePath(site, 'runAsNonRoot'),
        message:
          nonRoot === false
            ? `container ${site.name} sets runAsNonRoot: false and no runAsUser`
            : `container ${site.name} sets neither runAsNonRoot: true nor a runAsUser, so it runs as the image's user`,
        patch: containerPatch(site, { securityContext: { runAsNonRoot: true } }),
      });
    }
  },
});
