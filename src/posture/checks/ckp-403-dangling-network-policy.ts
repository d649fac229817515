import { defineCheck } from '../check.js';
import { objectField } from '../../inventory/json.js';
import { networkPolicies, policySelects, policySpec } from '../network.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-403',
  title: 'NetworkPolicy selects no pods',
  severity: 'low',
  area: 'network',
  rationale:
    'A NetworkPolicy whose podSelector matches no workload protects nothing, usually because labels drifted, ' +
    'while its author believes the pods are isolated. Namespaces holding custom resources (an operator may create ' +
    'the pods) and empty selectors are not reported.',
  remediation: 'Fix the podSelector to match the pods’ labels, or delete the policy.',
  references: {
    kubescape: ['C-0299'],
    trivy: ['KSV-0038'],
    kubeLinter: ['dangling-networkpolicy'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.networkServiceDiscovery],
  },
  run(ctx) {
    for (const namespace of new Set(ctx.index.objects('NetworkPolicy').map((p) => p.namespace ?? ''))) {
      if (ctx.index.mayHaveUnseenPods(namespace)) continue;
      const workloads = ctx.index.workloadsIn(namespace);
      for (const policy of networkPolicies(ctx.index, namespace)) {
        if (policy.implied) continue;
        const selector = objectField(policySpec(policy), 'podSelector') ?? {};
        if (Object.keys(selector).length === 0) continue;
        if (workloads.some((w) => policySelects(policy, w))) continue;
        ctx.report({
          target: policy,
          path: 'spec.podSelector',
          message: `NetworkPolicy ${policy.name} selects no workload of namespace ${namespace}`,
        });
      }
    }
  },
});
