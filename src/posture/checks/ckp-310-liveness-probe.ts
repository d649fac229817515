import { defineCheck } from '../check.js';
import { arrayField } from '../../inventory/json.js';
import { runsToCompletion } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-310',
  title: 'Liveness probe missing',
  severity: 'low',
  area: 'images',
  rationale:
    'Without a liveness probe a hung process keeps its pod Running and serving nothing until someone notices. ' +
    'Only containers that serve (declare ports, or are the pod’s only container) and run for the pod’s life are ' +
    'checked, in pods that do (not Jobs, CronJobs, init containers, port-less helpers such as config reloaders).',
  remediation: 'Add a livenessProbe that fails when the process is stuck (not when a dependency is down).',
  references: {
    kubescape: ['C-0056'],
    checkov: ['CKV_K8S_8'],
    kubeLinter: ['no-liveness-probe'],
    polaris: ['livenessProbeMissing'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (!site.longRunning || runsToCompletion(site.workload)) continue;
      const serving = ctx.index.sites(site.workload).filter((s) => s.longRunning);
      if (serving.length > 1 && (arrayField(site.container.raw, 'ports') ?? []).length === 0) continue;
      if (site.container.raw['livenessProbe'] !== undefined && site.container.raw['livenessProbe'] !== null) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.livenessProbe`,
        message: `container ${site.name} has no liveness probe`,
      });
    }
  },
});
