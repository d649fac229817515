import { defineCheck } from '../check.js';
import { containerPatch, effectivePath } from '../workload.js';
import { effectiveProfile, linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export default defineCheck({
  id: 'CKP-115',
  title: 'AppArmor unconfined',
  severity: 'medium',
  area: 'workload',
  rationale:
    'An Unconfined AppArmor profile removes the runtime default profile, which denies writes to /proc and /sys ' +
    'and mounts that container escapes rely on.',
  remediation: 'Set appArmorProfile.type to RuntimeDefault (or Localhost), or remove the unconfined annotation.',
  references: {
    kubescape: ['C-0055'],
    trivy: ['KSV-0002'],
    polaris: ['linuxHardening'],
    nsa: [NSA.hardening],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      const type = effectiveProfile(site, 'appArmorProfile');
      const annotation = site.workload.template.annotations[`${ANNOTATION}${site.name}`];
      if (type !== 'Unconfined' && annotation !== 'unconfined') continue;
      const templatePath = site.workload.template.specPath.replace(/\.spec$/, '');
      ctx.report({
        target: site.workload,
        container: site.name,
        path:
          type === 'Unconfined'
            ? `${effectivePath(site, 'appArmorProfile')}.type`
            : `${templatePath}.metadata.annotations["${ANNOTATION}${site.name}"]`,
        message: `container ${site.name} runs with AppArmor unconfined`,
        patch: containerPatch(site, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }),
      });
    }
  },
});
