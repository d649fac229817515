import { defineCheck } from '../check.js';
import { containerPatch, podSecurityContext } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-124',
  title: 'No security context at all',
  severity: 'low',
  area: 'workload',
  enabledByDefault: false,
  rationale:
    'A container with no securityContext and a pod with none run with every runtime default. Off by default: the ' +
    'specific checks (CKP-102, CKP-103, CKP-107, CKP-111, CKP-114) already say what is missing.',
  remediation:
    'Add a securityContext with runAsNonRoot, allowPrivilegeEscalation: false, drop ALL and RuntimeDefault seccomp.',
  references: {
    kubescape: ['C-0211'],
    trivy: ['KSV-0118'],
    checkov: ['CKV_K8S_29', 'CKV_K8S_30'],
    nsa: [NSA.podSecurity],
    cis: ['5.7.3'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const pod = podSecurityContext(site.workload);
      const hasPod = pod !== undefined && Object.keys(pod).length > 0;
      const hasOwn = site.sc !== undefined && Object.keys(site.sc).length > 0;
      if (hasPod || hasOwn) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext`,
        message: `container ${site.name} has no security context, nor does its pod`,
        patch: containerPatch(site, {
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        }),
      });
    }
  },
});
