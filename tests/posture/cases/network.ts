/** Valid and invalid cases of the network exposure checks (CKP-4xx). */

import { namespace, object, service, withContainer, type CaseTable, type Obj } from '../fixtures.js';

function networkPolicy(name: string, podSelector: Obj, extra: Obj = {}, ns = 'shop'): Obj {
  return object('networking.k8s.io/v1', 'NetworkPolicy', { name, namespace: ns }, { spec: { podSelector, ...extra } });
}

function ingress(spec: Obj, annotations?: Record<string, string>): Obj {
  return object(
    'networking.k8s.io/v1',
    'Ingress',
    { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    { spec },
  );
}

const rule = {
  host: 'shop.example.com',
  http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
};

export const NETWORK_CASES: CaseTable = {
  'CKP-401': {
    valid: [
      {
        name: 'a default-deny policy',
        objects: [withContainer({}), networkPolicy('deny', {}, { policyTypes: ['Ingress', 'Egress'] })],
      },
      { name: 'only host-network workloads', objects: [withContainer({}, { hostNetwork: true })] },
    ],
    invalid: [
      {
        name: 'no policy',
        objects: [withContainer({}), namespace('shop')],
        message: /1 workload and no NetworkPolicy/,
      },
    ],
  },
  'CKP-402': {
    valid: [
      { name: 'selected', objects: [withContainer({}), networkPolicy('web', { matchLabels: { app: 'web' } })] },
      { name: 'namespace without policies (CKP-401)', objects: [withContainer({})] },
      {
        name: 'matchExpressions In',
        objects: [
          withContainer({}),
          networkPolicy('web', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }),
        ],
      },
    ],
    invalid: [
      {
        name: 'labels drifted',
        objects: [withContainer({}), networkPolicy('web', { matchLabels: { app: 'website' } })],
      },
      {
        name: 'only an egress policy selects it',
        objects: [withContainer({}), networkPolicy('egress', {}, { policyTypes: ['Egress'], egress: [] })],
      },
    ],
  },
  'CKP-403': {
    valid: [
      {
        name: 'selects the workload',
        objects: [withContainer({}), networkPolicy('web', { matchLabels: { app: 'web' } })],
      },
      { name: 'empty selector', objects: [networkPolicy('deny', {})] },
      {
        name: 'a namespace with custom resources (an operator may create the pods)',
        objects: [
          networkPolicy('prom', { matchLabels: { app: 'prometheus' } }),
          object('monitoring.coreos.com/v1', 'Prometheus', { name: 'k8s', namespace: 'shop' }, { spec: {} }),
        ],
      },
    ],
    invalid: [
      { name: 'matches nothing', objects: [withContainer({}), networkPolicy('api', { matchLabels: { app: 'api' } })] },
    ],
  },
  'CKP-404': {
    valid: [{ name: 'ClusterIP', objects: [service({ selector: { app: 'web' }, ports: [{ port: 80 }] })] }],
    invalid: [
      {
        name: 'externalIPs',
        objects: [service({ ports: [{ port: 80 }], externalIPs: ['198.51.100.7'] })],
        message: /198\.51\.100\.7/,
      },
    ],
  },
  'CKP-405': {
    valid: [{ name: 'LoadBalancer (CKP-406)', objects: [service({ type: 'LoadBalancer', ports: [{ port: 80 }] })] }],
    invalid: [
      {
        name: 'NodePort',
        objects: [service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })],
        message: /30080/,
      },
    ],
  },
  'CKP-406': {
    valid: [
      { name: 'source ranges', objects: [service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'] })] },
      {
        name: 'internal AWS load balancer',
        objects: [
          service(
            { type: 'LoadBalancer' },
            { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
          ),
        ],
      },
      {
        name: 'source ranges by annotation',
        objects: [
          service(
            { type: 'LoadBalancer' },
            { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' } },
          ),
        ],
      },
    ],
    invalid: [
      { name: 'open to the Internet', objects: [service({ type: 'LoadBalancer', ports: [{ port: 443 }] })] },
      {
        name: 'internal annotation set to false',
        objects: [
          service(
            { type: 'LoadBalancer' },
            { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'false' } },
          ),
        ],
      },
    ],
  },
  'CKP-407': {
    valid: [{ name: 'HTTP only', objects: [withContainer({}), service({ ports: [{ port: 80, targetPort: 8080 }] })] }],
    invalid: [
      { name: 'container port 22', objects: [withContainer({ ports: [{ containerPort: 22 }] })] },
      { name: 'Service targets 22', objects: [service({ ports: [{ port: 2222, targetPort: 22 }] })] },
    ],
  },
  'CKP-408': {
    valid: [
      { name: 'TLS', objects: [ingress({ tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }], rules: [rule] })] },
    ],
    invalid: [{ name: 'no TLS', objects: [ingress({ rules: [rule] })], message: /shop\.example\.com/ }],
  },
  'CKP-409': {
    valid: [
      {
        name: 'rewrite annotation only',
        objects: [ingress({ rules: [rule] }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/' })],
      },
    ],
    invalid: [
      {
        name: 'configuration and server snippets',
        objects: [
          ingress(
            { rules: [rule] },
            {
              'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";',
              'nginx.ingress.kubernetes.io/server-snippet': 'location /x {}',
            },
          ),
        ],
        findings: 2,
      },
    ],
  },
  'CKP-410': {
    valid: [
      { name: 'selects the workload', objects: [withContainer({}), service({ selector: { app: 'web' } })] },
      { name: 'no selector (manual Endpoints)', objects: [service({ ports: [{ port: 80 }] })] },
      {
        name: 'ExternalName',
        objects: [service({ type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'x' } })],
      },
    ],
    invalid: [{ name: 'selects nothing', objects: [withContainer({}), service({ selector: { app: 'api' } })] }],
  },
  'CKP-411': {
    valid: [
      { name: 'backend exists', objects: [ingress({ rules: [rule], tls: [] }), service({ selector: { app: 'web' } })] },
      { name: 'no Service in the input at all (partial manifests)', objects: [ingress({ rules: [rule] })] },
    ],
    invalid: [
      {
        name: 'backend missing',
        objects: [ingress({ rules: [rule] }), service({ selector: { app: 'web' } }, { name: 'other' })],
        message: /Service web/,
      },
    ],
  },
  'CKP-412': {
    valid: [
      {
        name: 'target exists',
        objects: [
          withContainer({}),
          object(
            'autoscaling/v2',
            'HorizontalPodAutoscaler',
            { name: 'web', namespace: 'shop' },
            {
              spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
            },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'target missing',
        objects: [
          withContainer({}),
          object(
            'autoscaling/v2',
            'HorizontalPodAutoscaler',
            { name: 'api', namespace: 'shop' },
            {
              spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 3 },
            },
          ),
        ],
      },
    ],
  },
};
