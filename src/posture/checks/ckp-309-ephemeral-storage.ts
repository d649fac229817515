import { defineCheck } from '../check.js';
import { hasLimit, resourceSites } from '../resources.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-309',
  title: 'Ephemeral-storage limit missing',
  severity: 'info',
  area: 'images',
  enabledByDefault: false,
  rationale:
    'Without an ephemeral-storage limit a container can fill the node’s disk with logs and writable layers until ' +
    'the kubelet evicts other pods. Off by default: few clusters set it.',
  remediation: 'Set resources.limits.ephemeral-storage.',
  references: {
    nsa: [NSA.resources],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of resourceSites(ctx.index)) {
      if (hasLimit(ctx.index, site, 'ephemeral-storage')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.resources.limits`,
        message: `container ${site.name} has no ephemeral-storage limit`,
      });
    }
  },
});
