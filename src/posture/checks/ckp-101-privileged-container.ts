import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { isPrivileged } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-101',
  title: 'Privileged container',
  severity: 'critical',
  area: 'workload',
  rationale:
    'A privileged container has every capability, sees every host device and runs without seccomp or AppArmor: ' +
    'root in it is root on the node, one mount or nsenter away from the host and every pod on it.',
  remediation: 'Set securityContext.privileged to false and grant only the capabilities the process needs.',
  references: {
    kubescape: ['C-0057'],
    trivy: ['KSV-0017'],
    checkov: ['CKV_K8S_16'],
    kubeLinter: ['privileged-container'],
    polaris: ['runAsPrivileged'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.2'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (!isPrivileged(site)) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.privileged`,
        message: `container ${site.name} runs privileged`,
        patch: containerPatch(site, { securityContext: { privileged: false } }),
      });
    }
  },
});
