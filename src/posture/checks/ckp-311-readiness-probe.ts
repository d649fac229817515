import { defineCheck } from '../check.js';
import { arrayField, objectField } from '../../inventory/json.js';
import { mapSelectorMatches } from '../selectors.js';
import { runsToCompletion } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-311',
  title: 'Readiness probe missing',
  severity: 'low',
  area: 'images',
  rationale:
    'A pod behind a Service gets traffic as soon as it starts unless a readiness probe says it is ready, so ' +
    'clients see errors on every rollout. Only containers that serve (declare ports, or are the pod’s only ' +
    'container) of pods a Service in the input selects are checked.',
  remediation: 'Add a readinessProbe on the port the Service targets.',
  references: {
    kubescape: ['C-0018'],
    checkov: ['CKV_K8S_9'],
    kubeLinter: ['no-readiness-probe'],
    polaris: ['readinessProbeMissing'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (runsToCompletion(workload)) continue;
      const served = ctx.index
        .objectsIn('Service', workload.namespace)
        .some((service) =>
          mapSelectorMatches(objectField(objectField(service.raw, 'spec'), 'selector'), workload.template.labels),
        );
      if (!served) continue;
      const sites = ctx.index.sites(workload).filter((s) => s.list === 'containers');
      for (const site of sites) {
        const serves = sites.length === 1 || (arrayField(site.container.raw, 'ports') ?? []).length > 0;
        if (!serves) continue;
        if (site.container.raw['readinessProbe'] !== undefined && site.container.raw['readinessProbe'] !== null)
          continue;
        ctx.report({
          target: workload,
          container: site.name,
          path: `${site.path}.readinessProbe`,
          message: `container ${site.name} is behind a Service but has no readiness probe`,
        });
      }
    }
  },
});
