import { defineCheck } from '../check.js';
import { serviceSpec, serviceType } from '../network.js';
import { strings } from '../workload.js';
import { MITRE, NSA } from './refs.js';

/** Annotations (key → values meaning internal; empty list: any value) that keep a load balancer off the Internet. */
const INTERNAL: Record<string, readonly string[]> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': [],
  'service.beta.kubernetes.io/aws-load-balancer-scheme': ['internal'],
  'networking.gke.io/load-balancer-type': ['Internal'],
  'cloud.google.com/load-balancer-type': ['Internal', 'internal'],
  'service.beta.kubernetes.io/azure-load-balancer-internal': ['true'],
  'service.beta.kubernetes.io/oci-load-balancer-internal': ['true'],
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': ['private'],
  'service.beta.kubernetes.io/openstack-internal-load-balancer': ['true'],
};

export default defineCheck({
  id: 'CKP-406',
  title: 'LoadBalancer without source ranges',
  severity: 'medium',
  area: 'network',
  rationale:
    'A LoadBalancer Service with no loadBalancerSourceRanges is reachable from the whole Internet on most clouds. ' +
    'Internal load balancers (by their cloud annotation) are not reported.',
  remediation: 'Set spec.loadBalancerSourceRanges to the client networks, or make the load balancer internal.',
  references: {
    kubescape: ['C-0256'],
    kubeLinter: ['exposed-services'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.publicFacingApp],
  },
  run(ctx) {
    for (const service of ctx.index.objects('Service', [''])) {
      if (serviceType(service) !== 'LoadBalancer') continue;
      if (strings(serviceSpec(service)?.['loadBalancerSourceRanges']).length > 0) continue;
      if (service.annotations['service.beta.kubernetes.io/load-balancer-source-ranges']) continue;
      const internal = Object.entries(INTERNAL).some(([key, values]) => {
        const value = service.annotations[key];
        return value !== undefined && (values.length === 0 ? value !== 'false' : values.includes(value));
      });
      if (internal) continue;
      ctx.report({
        target: service,
        path: 'spec.loadBalancerSourceRanges',
        message: `LoadBalancer Service ${service.name} accepts traffic from any address`,
        patch: { spec: { loadBalancerSourceRanges: ['203.0.113.0/24'] } },
        advice: 'Replace 203.0.113.0/24 with the networks that should reach it.',
      });
    }
  },
});
