import { defineCheck } from '../check.js';
import { serviceSpec } from '../network.js';
import { strings } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-404',
  title: 'Service with externalIPs',
  severity: 'high',
  area: 'network',
  rationale:
    'externalIPs make kube-proxy capture traffic for any address the Service names, including other tenants’ or ' +
    'public IPs: a man-in-the-middle (CVE-2020-8554). Allow them only through an admission policy.',
  remediation: 'Remove spec.externalIPs; expose the Service through a LoadBalancer or an Ingress instead.',
  references: {
    trivy: ['KSV-0108'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.adversaryInTheMiddle],
  },
  run(ctx) {
    for (const service of ctx.index.objects('Service', [''])) {
      const ips = strings(serviceSpec(service)?.['externalIPs']);
      if (ips.length === 0) continue;
      ctx.report({
        target: service,
        path: 'spec.externalIPs',
        message: `Service ${service.name} claims external IP${ips.length === 1 ? '' : 's'} ${ips.join(', ')}`,
        patch: { spec: { externalIPs: null } },
      });
    }
  },
});
