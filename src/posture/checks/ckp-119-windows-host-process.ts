import { defineCheck } from '../check.js';
import { objectField } from '../../inventory/json.js';
import { containerPatch, podPatch, podSecurityContext } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-119',
  title: 'Windows HostProcess container',
  severity: 'critical',
  area: 'workload',
  rationale:
    'A Windows HostProcess container runs directly on the host, with the host network and filesystem and as a ' +
    'host account: it is the Windows equivalent of a privileged container.',
  remediation: 'Remove windowsOptions.hostProcess (or set it to false).',
  references: {
    kubescape: ['C-0211', 'C-0202'],
    trivy: ['KSV-0103'],
    polaris: ['hostProcess'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.11'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (objectField(podSecurityContext(workload), 'windowsOptions')?.['hostProcess'] === true) {
        ctx.report({
          target: workload,
          path: `${workload.template.specPath}.securityContext.windowsOptions.hostProcess`,
          message: 'the pod runs as a Windows HostProcess pod',
          patch: podPatch(workload, { securityContext: { windowsOptions: { hostProcess: false } } }),
        });
        continue;
      }
      for (const site of ctx.index.sites(workload)) {
        if (objectField(site.sc, 'windowsOptions')?.['hostProcess'] !== true) continue;
        ctx.report({
          target: workload,
          container: site.name,
          path: `${site.path}.securityContext.windowsOptions.hostProcess`,
          message: `container ${site.name} runs as a Windows HostProcess container`,
          patch: containerPatch(site, { securityContext: { windowsOptions: { hostProcess: false } } }),
        });
      }
    }
  },
});
