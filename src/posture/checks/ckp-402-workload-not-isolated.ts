import { defineCheck } from '../check.js';
import { networkPolicies, policySelects, policyTypes, usesHostNetwork } from '../network.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-402',
  title: 'Workload not selected by any ingress NetworkPolicy',
  severity: 'medium',
  area: 'network',
  rationale:
    'In a namespace that has NetworkPolicies, a workload none of them selects for ingress still accepts traffic ' +
    'from anywhere: usually a policy whose selector drifted from the pod labels. (Namespaces with no policy at all ' +
    'are CKP-401; egress isolation is left to the network analyzer.)',
  remediation: 'Add the workload’s labels to a policy’s podSelector, or add a policy for it.',
  references: {
    kubescape: ['C-0260'],
    kubeLinter: ['non-isolated-pod'],
    polaris: ['missingNetworkPolicy'],
    nsa: [NSA.networkPolicies],
    cis: ['5.3.2'],
    mitre: [MITRE.networkServiceDiscovery],
  },
  run(ctx) {
    for (const namespace of ctx.index.workloadNamespaces()) {
      const policies = networkPolicies(ctx.index, namespace).filter((p) => policyTypes(p).includes('Ingress'));
      if (networkPolicies(ctx.index, namespace).length === 0) continue;
      for (const workload of ctx.index.workloadsIn(namespace)) {
        if (usesHostNetwork(workload) || policies.some((p) => policySelects(p, workload))) continue;
        ctx.report({
          target: workload,
          path: `${workload.template.specPath.replace(/\.spec$/, '')}.metadata.labels`,
          message: `no NetworkPolicy of namespace ${namespace} selects this workload for ingress`,
        });
      }
    }
  },
});
