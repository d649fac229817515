import { defineCheck } from '../check.js';
import { arrayField, isJsonObject } from '../../inventory/json.js';
import { serviceSpec, serviceType } from '../network.js';
import { numberValue } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-405',
  title: 'Service of type NodePort',
  severity: 'medium',
  area: 'network',
  rationale:
    'A NodePort opens the port on every node’s addresses, outside any load balancer’s source ranges and often ' +
    'outside the firewall rules meant for the service. (LoadBalancer Services also get node ports; CKP-406 covers them.)',
  remediation: 'Use type ClusterIP behind an Ingress or a LoadBalancer with source ranges.',
  references: {
    kubescape: ['C-0256'],
    kubeLinter: ['exposed-services'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.externalRemoteServices],
  },
  run(ctx) {
    for (const service of ctx.index.objects('Service', [''])) {
      if (serviceType(service) !== 'NodePort') continue;
      const ports = (arrayField(serviceSpec(service), 'ports') ?? []).filter(isJsonObject);
      const nodePorts = ports.map((p) => numberValue(p['nodePort'])).filter((p): p is number => p !== undefined);
      ctx.report({
        target: service,
        path: 'spec.type',
        message: `Service ${service.name} is a NodePort${nodePorts.length > 0 ? ` (${nodePorts.join(', ')})` : ''}`,
        patch: {
          spec: {
            type: 'ClusterIP',
            ports: ports
              .map((p) => numberValue(p['port']))
              .filter((p): p is number => p !== undefined)
              .map((port) => ({ port, nodePort: null })),
          },
        },
      });
    }
  },
});
