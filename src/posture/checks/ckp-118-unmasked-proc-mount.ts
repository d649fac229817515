import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { linuxSites, usesUserNamespace } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-118',
  title: 'Unmasked /proc',
  severity: 'high',
  area: 'workload',
  rationale:
    'procMount: Unmasked exposes the /proc paths the runtime normally masks (kcore, sysrq-trigger, ...), which leak ' +
    'host memory and allow host-wide actions. Only sound inside a user namespace (hostUsers: false), which is exempt.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  references: {
    kubescape: ['C-0211'],
    trivy: ['KSV-0027'],
    kubeLinter: ['unsafe-proc-mount'],
    polaris: ['procMount'],
    nsa: [NSA.podSecurity],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      const value = site.sc?.['procMount'];
      if (value === undefined || value === null || value === 'Default' || usesUserNamespace(site)) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.procMount`,
        message: `container ${site.name} sets procMount: ${String(value)}`,
        patch: containerPatch(site, { securityContext: { procMount: 'Default' } }),
      });
    }
  },
});
