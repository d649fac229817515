import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-109',
  title: 'CAP_SYS_MODULE added',
  severity: 'high',
  area: 'workload',
  rationale: 'CAP_SYS_MODULE loads kernel modules: code in the host kernel, the most direct container escape there is.',
  remediation: 'Remove SYS_MODULE from capabilities.add; load modules from the node, not from a pod.',
  references: {
    kubescape: ['C-0046'],
    trivy: ['KSV-0120'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.9'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (isPrivileged(site)) continue;
      const { add } = capabilities(site);
      if (!add.includes('SYS_MODULE')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.capabilities.add`,
        message: `container ${site.name} adds SYS_MODULE`,
        patch: containerPatch(site, {
          securityContext: { capabilities: { add: add.filter((c) => c !== 'SYS_MODULE') } },
        }),
      });
    }
  },
});
