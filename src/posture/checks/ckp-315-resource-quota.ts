import { defineCheck } from '../check.js';
import { SYSTEM_NAMESPACES } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-315',
  title: 'Namespace without a ResourceQuota',
  severity: 'low',
  area: 'images',
  enabledByDefault: false,
  rationale:
    'A ResourceQuota caps what a namespace can take from the cluster (pods, CPU, memory, load balancers), so one ' +
    'compromised or runaway team cannot exhaust it. Off by default: quotas are often managed outside the manifests.',
  remediation: 'Add a ResourceQuota to the namespace.',
  references: {
    trivy: ['KSV-0040'],
    nsa: [NSA.resources],
    mitre: [MITRE.resourceHijacking],
  },
  run(ctx) {
    for (const namespace of ctx.index.workloadNamespaces()) {
      if (SYSTEM_NAMESPACES.has(namespace) || ctx.index.objectsIn('ResourceQuota', namespace).length > 0) continue;
      const object = ctx.inventory.namespaces.get(namespace);
      if (!object) continue;
      ctx.report({ target: object, message: `namespace ${namespace} runs workloads but has no ResourceQuota` });
    }
  },
});
