import { defineCheck } from '../check.js';
import { isWindows, podPatch } from '../workload.js';
import { effectiveProfile, listing } from './common.js';
import { MITRE, NSA } from './refs.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

export default defineCheck({
  id: 'CKP-114',
  title: 'Seccomp profile not set',
  severity: 'low',
  area: 'workload',
  rationale:
    'With no seccomp profile the kubelet runs containers Unconfined unless the node enables seccompDefault, ' +
    'which most clusters do not. Reported once per pod, for the containers that neither set a profile nor ' +
    'inherit one from the pod.',
  remediation: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod.',
  references: {
    kubescape: ['C-0210', 'C-0211', 'C-0055'],
    trivy: ['KSV-0030'],
    checkov: ['CKV_K8S_31'],
    polaris: ['linuxHardening'],
    nsa: [NSA.hardening],
    cis: ['5.7.2'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (isWindows(workload)) continue;
      const annotations = workload.template.annotations;
      const missing = ctx.index
        .sites(workload)
        .filter(
          (site) =>
            effectiveProfile(site, 'seccompProfile') === undefined &&
            annotations[`${CONTAINER_ANNOTATION}${site.name}`] === undefined &&
            annotations[POD_ANNOTATION] === undefined,
        )
        .map((site) => site.name);
      if (missing.length === 0) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.securityContext.seccompProfile`,
        message: `no seccomp profile for container${missing.length === 1 ? '' : 's'} ${listing(missing)}`,
        patch: podPatch(workload, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      });
    }
  },
});
