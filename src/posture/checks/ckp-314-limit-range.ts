import { defineCheck } from '../check.js';
import { SYSTEM_NAMESPACES } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-314',
  title: 'Namespace without a LimitRange',
  severity: 'low',
  area: 'images',
  enabledByDefault: false,
  rationale:
    'A LimitRange gives every container of the namespace default requests and limits, so one forgotten ' +
    'resources block cannot starve the node. Off by default: the LimitRange is often managed outside the ' +
    'manifests being scanned.',
  remediation: 'Add a LimitRange with default and defaultRequest for containers to the namespace.',
  references: {
    trivy: ['KSV-0039'],
    nsa: [NSA.resources],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const namespace of ctx.index.workloadNamespaces()) {
      if (SYSTEM_NAMESPACES.has(namespace) || ctx.index.objectsIn('LimitRange', namespace).length > 0) continue;
      const object = ctx.inventory.namespaces.get(namespace);
      if (!object) continue;
      ctx.report({ target: object, message: `namespace ${namespace} runs workloads but has no LimitRange` });
    }
  },
});
