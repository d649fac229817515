import { defineCheck } from '../check.js';
import { hasLimit, resourceSites } from '../resources.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-307',
  title: 'CPU limit missing',
  severity: 'low',
  area: 'images',
  rationale:
    'Without a CPU limit a busy or hijacked container (crypto-mining) takes every idle core of the node. Lower ' +
    'severity than memory: CPU is compressible and requests still guarantee each pod its share.',
  remediation: 'Set resources.limits.cpu (or a default in a LimitRange of the namespace).',
  references: {
    kubescape: ['C-0270', 'C-0009', 'C-0050'],
    trivy: ['KSV-0011'],
    checkov: ['CKV_K8S_11'],
    kubeLinter: ['unset-cpu-requirements'],
    polaris: ['cpuLimitsMissing'],
    nsa: [NSA.resources],
    mitre: [MITRE.resourceHijacking],
  },
  run(ctx) {
    for (const site of resourceSites(ctx.index)) {
      if (hasLimit(ctx.index, site, 'cpu')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.resources.limits.cpu`,
        message: `container ${site.name} has no CPU limit`,
      });
    }
  },
});
