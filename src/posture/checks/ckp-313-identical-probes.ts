import { defineCheck } from '../check.js';
import { isDeepStrictEqual } from 'node:util';
import { NSA, MITRE } from './refs.js';

export default defineCheck({
  id: 'CKP-313',
  title: 'Liveness and readiness probes are identical',
  severity: 'low',
  area: 'images',
  rationale:
    'When liveness and readiness are the same probe, a pod that is merely busy or waiting on a dependency is ' +
    'killed instead of taken out of rotation, which turns a slowdown into a restart storm.',
  remediation: 'Make the liveness probe cheaper and more tolerant (higher failureThreshold) than the readiness probe.',
  references: {
    nsa: [NSA.upgrades],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const liveness = site.container.raw['livenessProbe'];
      const readiness = site.container.raw['readinessProbe'];
      if (liveness === undefined || liveness === null || !isDeepStrictEqual(liveness, readiness)) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.livenessProbe`,
        message: `container ${site.name} uses the same probe for liveness and readiness`,
      });
    }
  },
});
