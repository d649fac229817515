import { defineCheck } from '../check.js';
import { networkPolicies, usesHostNetwork } from '../network.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-401',
  title: 'Namespace without a NetworkPolicy',
  severity: 'medium',
  area: 'network',
  rationale:
    'Pods that no NetworkPolicy selects accept traffic from every pod in the cluster and can reach every other: ' +
    'one compromised pod can reach them all. Namespaces whose only workloads use the host network (where ' +
    'NetworkPolicy does not apply) are not reported.',
  remediation: 'Add a default-deny NetworkPolicy to the namespace, then allow the flows it needs.',
  references: {
    kubescape: ['C-0206', 'C-0260', 'C-0030'],
    checkov: ['CKV2_K8S_6'],
    kubeLinter: ['non-isolated-pod'],
    polaris: ['missingNetworkPolicy'],
    nsa: [NSA.networkPolicies],
    cis: ['5.3.2'],
    mitre: [MITRE.networkServiceDiscovery],
  },
  run(ctx) {
    for (const namespace of ctx.index.workloadNamespaces()) {
      if (networkPolicies(ctx.index, namespace).length > 0) continue;
      const workloads = ctx.index.workloadsIn(namespace).filter((w) => !usesHostNetwork(w));
      if (workloads.length === 0) continue;
      const object = ctx.inventory.namespaces.get(namespace);
      if (!object) continue;
      ctx.report({
        target: object,
        message: `namespace ${namespace} has ${workloads.length} workload${workloads.length === 1 ? '' : 's'} and no NetworkPolicy`,
        advice: `For example: kubectl apply -n ${namespace} -f - with a NetworkPolicy named default-deny whose spec is {"podSelector":{},"policyTypes":["Ingress","Egress"]}.`,
      });
    }
  },
});
