import { defineCheck } from '../check.js';
import { arrayField } from '../../inventory/json.js';
import { containerPatch, effective, effectivePath, isWindows, podPatch, podSecurityContext } from '../workload.js';
import { linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-106',
  title: 'Root group ID',
  severity: 'low',
  area: 'workload',
  rationale:
    'GID 0 (runAsGroup, fsGroup or a supplemental group) gives the process the root group: every host file that is ' +
    'group-root writable is writable to it after an escape, and files it creates on volumes are owned by group root.',
  remediation: 'Use a non-zero runAsGroup and fsGroup, and no supplemental group 0.',
  references: {
    kubescape: ['C-0211'],
    trivy: ['KSV-0116'],
    nsa: [NSA.nonRoot],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (effective(site, 'runAsGroup') !== 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: effectivePath(site, 'runAsGroup'),
        message: `container ${site.name} runs with GID 0`,
        patch: containerPatch(site, { securityContext: { runAsGroup: 65532 } }),
      });
    }
    for (const workload of ctx.inventory.workloads) {
      if (isWindows(workload)) continue;
      const sc = podSecurityContext(workload);
      const base = `${workload.template.specPath}.securityContext`;
      if (sc?.['fsGroup'] === 0) {
        ctx.report({
          target: workload,
          path: `${base}.fsGroup`,
          message: 'the pod sets fsGroup: 0, so its volumes are group root',
          patch: podPatch(workload, { securityContext: { fsGroup: 65532 } }),
        });
      }
      const groups = arrayField(sc, 'supplementalGroups') ?? [];
      if (groups.includes(0)) {
        const rest = groups.filter((g): g is number => typeof g === 'number' && g !== 0);
        ctx.report({
          target: workload,
          path: `${base}.supplementalGroups`,
          message: 'the pod adds supplemental group 0',
          patch: podPatch(workload, { securityContext: { supplementalGroups: rest } }),
        });
      }
    }
  },
});
