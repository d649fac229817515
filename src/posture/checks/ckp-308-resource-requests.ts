import { defineCheck } from '../check.js';
import { hasRequest, resourceSites } from '../resources.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-308',
  title: 'CPU or memory request missing',
  severity: 'low',
  area: 'images',
  rationale:
    'Without requests the scheduler packs pods blindly and the pod is first to be evicted (BestEffort). A limit ' +
    'implies the request and a LimitRange may default it; both count.',
  remediation: 'Set resources.requests.cpu and resources.requests.memory to what the container uses.',
  references: {
    kubescape: ['C-0268', 'C-0269'],
    trivy: ['KSV-0015', 'KSV-0016'],
    checkov: ['CKV_K8S_10', 'CKV_K8S_12'],
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
    nsa: [NSA.resources],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of resourceSites(ctx.index)) {
      const missing = ['cpu', 'memory'].filter((r) => !hasRequest(ctx.index, site, r));
      if (missing.length === 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.resources.requests`,
        message: `container ${site.name} has no ${missing.join(' or ')} request`,
      });
    }
  },
});
