import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-519',
  title: 'Role can change network routing or isolation',
  severity: 'low',
  rationale:
    'Writing NetworkPolicies removes isolation; writing Services, Endpoints, EndpointSlices or Ingresses ' +
    'redirects other workloads’ traffic (and externalIPs capture it).',
  remediation: 'Limit network object writes to the controllers and pipelines that own them.',
  references: {
    trivy: ['KSV-0056'],
    checkov: ['CKV2_K8S_4'],
    nsa: [NSA.rbac, NSA.networkPolicies],
    mitre: [MITRE.adversaryInTheMiddle, MITRE.impairDefenses],
  },
  permissions: [
    {
      verbs: ['create', 'update', 'patch', 'delete'],
      groups: ['networking.k8s.io', 'extensions'],
      resources: ['networkpolicies', 'ingresses'],
    },
    { verbs: ['create', 'update', 'patch', 'delete'], groups: [''], resources: ['services', 'endpoints'] },
    { verbs: ['create', 'update', 'patch', 'delete'], groups: ['discovery.k8s.io'], resources: ['endpointslices'] },
  ],
  consequence: 'changes where traffic goes or which traffic is allowed',
});
