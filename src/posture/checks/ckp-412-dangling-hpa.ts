import { defineCheck } from '../check.js';
import { objectField, stringField } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-412',
  title: 'HorizontalPodAutoscaler targets a missing object',
  severity: 'low',
  area: 'network',
  rationale:
    'An autoscaler whose target does not exist scales nothing: the workload it was meant for runs at a fixed size ' +
    'and falls over under load. Only checked in namespaces where the input defines workloads.',
  remediation: 'Fix spec.scaleTargetRef, or delete the autoscaler.',
  references: {
    kubescape: ['C-0300'],
    kubeLinter: ['dangling-horizontalpodautoscaler'],
    nsa: [NSA.resources],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const hpa of ctx.index.objects('HorizontalPodAutoscaler', ['autoscaling'])) {
      const namespace = hpa.namespace ?? '';
      if (ctx.index.workloadsIn(namespace).length === 0) continue;
      const ref = objectField(objectField(hpa.raw, 'spec'), 'scaleTargetRef');
      const kind = stringField(ref, 'kind');
      const name = stringField(ref, 'name');
      if (!kind || !name) continue;
      if (ctx.index.objectsIn(kind, namespace).some((o) => o.name === name)) continue;
      ctx.report({
        target: hpa,
        path: 'spec.scaleTargetRef',
        message: `HorizontalPodAutoscaler ${hpa.name} targets ${kind} ${name}, which the input does not define`,
      });
    }
  },
});
