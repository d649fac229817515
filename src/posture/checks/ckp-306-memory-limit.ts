import { defineCheck } from '../check.js';
import { hasLimit, resourceSites } from '../resources.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-306',
  title: 'Memory limit missing',
  severity: 'medium',
  area: 'images',
  rationale:
    'Without a memory limit one container can use the node’s memory until the kernel kills its neighbours: a ' +
    'denial of service on every pod of the node. A namespace LimitRange default counts as a limit; init containers ' +
    'are not reported on their own (see the docs).',
  remediation: 'Set resources.limits.memory (or a default in a LimitRange of the namespace).',
  references: {
    kubescape: ['C-0271', 'C-0004'],
    trivy: ['KSV-0018'],
    checkov: ['CKV_K8S_13'],
    kubeLinter: ['unset-memory-requirements'],
    polaris: ['memoryLimitsMissing'],
    nsa: [NSA.resources],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of resourceSites(ctx.index)) {
      if (hasLimit(ctx.index, site, 'memory')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.resources.limits.memory`,
        message: `container ${site.name} has no memory limit`,
      });
    }
  },
});
