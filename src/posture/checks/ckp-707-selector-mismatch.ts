import { defineCheck } from '../check.js';
import { objectField } from '../../inventory/json.js';
import { mapSelectorMatches, selectorMatches } from '../selectors.js';
import { MITRE, NSA } from './refs.js';

const SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export default defineCheck({
  id: 'CKP-707',
  title: 'Controller selector does not match its pod template',
  severity: 'medium',
  area: 'cluster',
  rationale:
    'A controller whose selector does not match its template’s labels cannot own its pods: apps/v1 rejects it, ' +
    'older versions adopt or orphan other pods with those labels.',
  remediation: 'Make spec.selector match spec.template.metadata.labels.',
  references: {
    kubescape: ['C-0296'],
    kubeLinter: ['mismatching-selector'],
    polaris: ['metadataAndInstanceMismatched'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const object = workload.object;
      if (!object || workload.templateFrom !== 'template') continue;
      const selector = objectField(objectField(object.raw, 'spec'), 'selector');
      if (!selector) continue;
      const labels = workload.template.labels;
      const matches =
        object.kind === 'ReplicationController'
          ? mapSelectorMatches(selector, labels)
          : SELECTOR_KINDS.has(object.kind)
            ? selectorMatches(selector, labels)
            : true;
      if (matches) continue;
      ctx.report({
        target: workload,
        path: 'spec.selector',
        message: 'spec.selector does not select the pod template’s labels',
      });
    }
  },
});
