import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged, linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-111',
  title: 'Capabilities not dropped',
  severity: 'low',
  area: 'workload',
  rationale:
    'Without capabilities.drop: [ALL] the container keeps the runtime default set (NET_RAW, CHOWN, SETUID, ...), ' +
    'which few processes need. Dropping ALL also covers NET_RAW (kube-linter drop-net-raw-capability). Privileged ' +
    'containers are left to CKP-101: dropping does not restrict them.',
  remediation: 'Set capabilities.drop: [ALL] and add back only what the process needs (e.g. NET_BIND_SERVICE).',
  references: {
    kubescape: ['C-0055', 'C-0201', 'C-0199'],
    trivy: ['KSV-0003', 'KSV-0106', 'KSV-0004'],
    checkov: ['CKV_K8S_37', 'CKV_K8S_28'],
    kubeLinter: ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.8', '5.2.10'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (isPrivileged(site)) continue;
      const { drop } = capabilities(site);
      if (drop.includes('ALL')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.capabilities.drop`,
        message:
          drop.length === 0
            ? `container ${site.name} drops no capabilities`
            : `container ${site.name} drops ${drop.join(', ')} but not ALL`,
        patch: containerPatch(site, { securityContext: { capabilities: { drop: ['ALL'] } } }),
      });
    }
  },
});
