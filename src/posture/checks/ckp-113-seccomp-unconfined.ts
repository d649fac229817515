import { defineCheck } from '../check.js';
import { containerPatch, effectivePath } from '../workload.js';
import { effectiveProfile, linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

export default defineCheck({
  id: 'CKP-113',
  title: 'Seccomp unconfined',
  severity: 'medium',
  area: 'workload',
  rationale:
    'An Unconfined seccomp profile opens every system call to the container, including the ones most kernel ' +
    'escapes use (unshare, keyctl, bpf, ...), which the runtime default profile blocks.',
  remediation: 'Set seccompProfile.type to RuntimeDefault (or a Localhost profile) instead of Unconfined.',
  references: {
    kubescape: ['C-0055', 'C-0211'],
    trivy: ['KSV-0104'],
    checkov: ['CKV_K8S_31'],
    polaris: ['linuxHardening'],
    nsa: [NSA.hardening],
    cis: ['5.7.2'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      const type = effectiveProfile(site, 'seccompProfile');
      const annotations = site.workload.template.annotations;
      const legacy = annotations[`${CONTAINER_ANNOTATION}${site.name}`] ?? annotations[POD_ANNOTATION];
      const unconfined = type === 'Unconfined' || (type === undefined && legacy === 'unconfined');
      if (!unconfined) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: type
          ? `${effectivePath(site, 'seccompProfile')}.type`
          : `${site.workload.template.specPath.replace(/\.spec$/, '')}.metadata.annotations`,
        message: `container ${site.name} runs with seccomp unconfined`,
        patch: containerPatch(site, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      });
    }
  },
});
