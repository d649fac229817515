import { defineCheck } from '../check.js';
import { objectField } from '../../inventory/json.js';
import { serviceSpec, serviceType } from '../network.js';
import { mapSelectorMatches } from '../selectors.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-410',
  title: 'Service selects no pods',
  severity: 'low',
  area: 'network',
  rationale:
    'A Service whose selector matches no workload sends its traffic nowhere, or to whatever pod later carries ' +
    'those labels, which is how a squatting pod captures a service’s clients. Namespaces holding custom resources ' +
    '(operators create the pods) and Services without a selector are not reported.',
  remediation: 'Fix the selector to match the pods’ labels, or delete the Service.',
  references: {
    kubescape: ['C-0293'],
    kubeLinter: ['dangling-service'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.adversaryInTheMiddle],
  },
  run(ctx) {
    for (const service of ctx.index.objects('Service', [''])) {
      const namespace = service.namespace ?? '';
      if (serviceType(service) === 'ExternalName' || ctx.index.mayHaveUnseenPods(namespace)) continue;
      const selector = objectField(serviceSpec(service), 'selector');
      if (!selector || Object.keys(selector).length === 0) continue;
      if (ctx.index.workloadsIn(namespace).some((w) => mapSelectorMatches(selector, w.template.labels))) continue;
      ctx.report({
        target: service,
        path: 'spec.selector',
        message: `Service ${service.name} selects no workload of namespace ${namespace}`,
      });
    }
  },
});
