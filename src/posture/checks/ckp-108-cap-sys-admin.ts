import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-108',
  title: 'CAP_SYS_ADMIN or ALL capabilities added',
  severity: 'high',
  area: 'workload',
  rationale:
    'CAP_SYS_ADMIN is "the new root": mount, namespaces, BPF, and many known container escapes. Adding ALL grants ' +
    'it and every other capability. (Privileged containers have them anyway; CKP-101 reports those.)',
  remediation: 'Remove SYS_ADMIN (and ALL) from capabilities.add; add only the specific capability needed.',
  references: {
    kubescape: ['C-0046'],
    trivy: ['KSV-0005'],
    checkov: ['CKV_K8S_39'],
    polaris: ['dangerousCapabilities'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.9'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (isPrivileged(site)) continue;
      const { add } = capabilities(site);
      const bad = add.filter((c) => c === 'SYS_ADMIN' || c === 'ALL');
      if (bad.length === 0) continue;
      const keep = add.filter((c) => c !== 'SYS_ADMIN' && c !== 'ALL');
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.capabilities.add`,
        message: `container ${site.name} adds ${bad.join(' and ')}`,
        patch: containerPatch(site, { securityContext: { capabilities: { add: keep } } }),
      });
    }
  },
});
