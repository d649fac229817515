import { NOW_MS, metadata, type JsonMap, type Labels } from './common.js';
import type { ClusterContext } from './context.js';
import type { NsScope } from './workloads.js';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceInput {
  name: string;
  labels?: Labels;
  annotations?: Labels;
  selector?: Labels;
  ports: ServicePort[];
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  headless?: boolean;
  clusterIP?: string;
  externalName?: string;
  externalIPs?: string[];
  loadBalancerSourceRanges?: string[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  publishNotReadyAddresses?: boolean;
}

/** A Service as the API server returns it; NodePort and LoadBalancer fall back to ClusterIP when node ports run out. */
export function service(w: NsScope, s: ServiceInput): { ingress?: { ip?: string; hostname?: string } } {
  const { ctx, rng } = w;
  let type = s.type ?? 'ClusterIP';
  let nodePorts: number[] | undefined;
  if (type === 'NodePort' || type === 'LoadBalancer') {
    nodePorts = [];
    for (let i = 0; i < s.ports.length; i++) {
      const p = ctx.nodePort();
      if (p === undefined) break;
      nodePorts.push(p);
    }
    if (nodePorts.length < s.ports.length) {
      type = 'ClusterIP';
      nodePorts = undefined;
    }
  }
  const external = type === 'ExternalName';
  const clusterIP = external ? undefined : s.headless ? 'None' : (s.clusterIP ?? ctx.serviceIP(rng));
  const spec: JsonMap = {
    allocateLoadBalancerNodePorts: type === 'LoadBalancer' ? true : undefined,
    clusterIP,
    clusterIPs: clusterIP ? [clusterIP] : undefined,
    externalIPs: s.externalIPs,
    externalName: s.externalName,
    externalTrafficPolicy: nodePorts ? (s.externalTrafficPolicy ?? 'Cluster') : undefined,
    internalTrafficPolicy: external ? undefined : 'Cluster',
    ipFamilies: external ? undefined : ['IPv4'],
    ipFamilyPolicy: external ? undefined : 'SingleStack',
    loadBalancerSourceRanges: type === 'LoadBalancer' ? s.loadBalancerSourceRanges : undefined,
    ports: external
      ? undefined
      : s.ports.map((p, i) => ({
          appProtocol: p.appProtocol,
          name: p.name,
          nodePort: nodePorts?.[i],
          port: p.port,
          protocol: p.protocol ?? 'TCP',
          targetPort: p.targetPort,
        })),
    publishNotReadyAddresses: s.publishNotReadyAddresses,
    selector: s.selector,
    sessionAffinity: 'None',
    type,
  };
  const lb = type === 'LoadBalancer' ? ctx.loadBalancerIngress(rng) : undefined;
  const obj: JsonMap = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(
      {
        name: s.name,
        namespace: w.namespace,
        uid: rng.uuid(),
        created: w.created + rng.int(10 * 86_400_000),
        labels: s.labels,
        annotations: s.annotations,
      },
      ctx.rv,
    ),
    spec,
    status: { loadBalancer: lb ? { ingress: [lb] } : {} },
  };
  w.bucket.add('services', obj);
  return { ingress: lb };
}

export interface IngressInput {
  name: string;
  host: string;
  serviceName: string;
  port: { name: string } | { number: number };
  tlsSecret?: string;
  annotations?: Labels;
  labels?: Labels;
  extraPaths?: { path: string; serviceName: string; port: { name: string } | { number: number } }[];
}

export function ingress(w: NsScope, i: IngressInput): void {
  const paths = [{ path: '/', serviceName: i.serviceName, port: i.port }, ...(i.extraPaths ?? [])];
  w.bucket.add('ingresses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(
      {
        name: i.name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: w.created + w.rng.int(10 * 86_400_000),
        labels: i.labels,
        annotations: i.annotations,
        generation: 1,
      },
      w.ctx.rv,
    ),
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: i.host,
          http: {
            paths: paths.map((p) => ({
              backend: { service: { name: p.serviceName, port: p.port } },
              path: p.path,
              pathType: 'Prefix',
            })),
          },
        },
      ],
      tls: i.tlsSecret ? [{ hosts: [i.host], secretName: i.tlsSecret }] : undefined,
    },
    status: { loadBalancer: { ingress: [w.ctx.ingressStatus] } },
  });
}

export function networkPolicy(w: NsScope, name: string, spec: JsonMap, labels?: Labels): void {
  w.bucket.add('networkpolicies', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(
      {
        name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: w.created + w.rng.int(10 * 86_400_000),
        labels,
        generation: 1,
      },
      w.ctx.rv,
    ),
    spec,
  });
}

/** A selector on the namespace name label every namespace carries. */
export function namespaceNamed(name: string): JsonMap {
  return { matchLabels: { 'kubernetes.io/metadata.name': name } };
}

/** The egress rule that lets pods resolve names (CoreDNS in kube-system), the first thing a default-deny breaks. */
export function dnsEgress(): JsonMap {
  return {
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
    to: [{ namespaceSelector: namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  };
}

const GATEWAY_V1 = 'gateway.networking.k8s.io/v1';

function accepted(generation: number, extra: string[] = []): JsonMap[] {
  return ['Accepted', ...extra].map((type) => ({
    lastTransitionTime: '2025-01-08T10:00:00Z',
    message: type === 'Accepted' ? 'Accepted' : 'Resolved',
    observedGeneration: generation,
    reason: type,
    status: 'True',
    type,
  }));
}

export function gatewayClass(ctx: ClusterContext): void {
  const rng = ctx.rng('cluster', 'gatewayclass');
  ctx.cluster.add('gatewayclasses', {
    apiVersion: GATEWAY_V1,
    kind: 'GatewayClass',
    metadata: metadata({ name: 'envoy', uid: rng.uuid(), created: NOW_MS - 25 * 86_400_000, generation: 1 }, ctx.rv),
    spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    status: { conditions: accepted(1) },
  });
}

export interface Listener {
  name: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';
  hostname?: string;
  tls?: JsonMap;
  allowedRoutes?: JsonMap;
}

export function gateway(w: NsScope, name: string, listeners: Listener[], address: { ip?: string; hostname?: string }) {
  w.bucket.add('gateways', {
    apiVersion: GATEWAY_V1,
    kind: 'Gateway',
    metadata: metadata(
      { name, namespace: w.namespace, uid: w.rng.uuid(), created: w.created + 3_600_000, generation: 1 },
      w.ctx.rv,
    ),
    spec: {
      gatewayClassName: 'envoy',
      listeners: listeners.map((l) => ({
        allowedRoutes: l.allowedRoutes ?? { namespaces: { from: 'Same' } },
        hostname: l.hostname,
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        tls: l.tls,
      })),
    },
    status: {
      addresses: [
        address.ip ? { type: 'IPAddress', value: address.ip } : { type: 'Hostname', value: address.hostname ?? '' },
      ],
      conditions: accepted(1, ['Programmed']),
    },
  });
}

export interface RouteInput {
  kind: 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute';
  name: string;
  parent: { name: string; namespace: string; sectionName?: string };
  hostnames?: string[];
  backend: { name: string; port: number; namespace?: string };
  labels?: Labels;
  pathPrefix?: string;
}

const ROUTE_PLURAL = { HTTPRoute: 'httproutes', GRPCRoute: 'grpcroutes', TLSRoute: 'tlsroutes' } as const;

export function route(w: NsScope, r: RouteInput): void {
  const backendRefs = [
    {
      group: '',
      kind: 'Service',
      name: r.backend.name,
      namespace: r.backend.namespace,
      port: r.backend.port,
      weight: 1,
    },
  ];
  let rules: JsonMap[];
  if (r.kind === 'HTTPRoute') {
    rules = [{ backendRefs, matches: [{ path: { type: 'PathPrefix', value: r.pathPrefix ?? '/' } }] }];
  } else if (r.kind === 'GRPCRoute') {
    rules = [{ backendRefs, matches: [{ method: { service: `${r.backend.name}.v1.Service`, type: 'Exact' } }] }];
  } else {
    rules = [{ backendRefs }];
  }
  const parentRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', ...r.parent };
  w.bucket.add(ROUTE_PLURAL[r.kind], {
    apiVersion: r.kind === 'TLSRoute' ? 'gateway.networking.k8s.io/v1alpha2' : GATEWAY_V1,
    kind: r.kind,
    metadata: metadata(
      {
        name: r.name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: w.created + w.rng.int(10 * 86_400_000),
        labels: r.labels,
        generation: 1,
      },
      w.ctx.rv,
    ),
    spec: { hostnames: r.hostnames, parentRefs: [parentRef], rules },
    status: {
      parents: [
        {
          conditions: accepted(1, ['ResolvedRefs']),
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          parentRef,
        },
      ],
    },
  });
}

/** Lets routes in `fromNamespace` send traffic to Services of this namespace. */
export function referenceGrant(w: NsScope, name: string, fromNamespace: string, fromKind: string): void {
  w.bucket.add('referencegrants', {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: metadata(
      { name, namespace: w.namespace, uid: w.rng.uuid(), created: w.created + 3_600_000, generation: 1 },
      w.ctx.rv,
    ),
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: fromKind, namespace: fromNamespace }],
      to: [{ group: '', kind: 'Service' }],
    },
  });
}

const ANP_V1ALPHA1 = 'policy.networking.k8s.io/v1alpha1';

function adminPolicy(
  ctx: ClusterContext,
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy',
  name: string,
  spec: JsonMap,
) {
  const rng = ctx.rng('cluster', kind, name);
  ctx.cluster.add(kind === 'AdminNetworkPolicy' ? 'adminnetworkpolicies' : 'baselineadminnetworkpolicies', {
    apiVersion: ANP_V1ALPHA1,
    kind,
    metadata: metadata({ name, uid: rng.uuid(), created: NOW_MS - 20 * 86_400_000, generation: 1 }, ctx.rv),
    spec,
    status: {
      conditions: [
        {
          lastTransitionTime: '2025-01-16T09:00:00Z',
          message: 'the policy is applied',
          observedGeneration: 1,
          reason: 'SetupSucceeded',
          status: 'True',
          type: 'Ready-Networking',
        },
      ],
    },
  });
}

/** AdminNetworkPolicies and the BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). */
export function adminPolicies(ctx: ClusterContext, level: 'some' | 'strict'): void {
  const teamNamespaces = { namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } };
  adminPolicy(ctx, 'AdminNetworkPolicy', 'cluster-control', {
    egress: [
      {
        action: 'Allow',
        name: 'allow-dns',
        ports: [{ portNumber: { port: 53, protocol: 'UDP' } }, { portNumber: { port: 53, protocol: 'TCP' } }],
        to: [
          {
            pods: {
              namespaceSelector: namespaceNamed('kube-system'),
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          },
        ],
      },
    ],
    ingress: [
      {
        action: 'Allow',
        from: [
          {
            pods: {
              namespaceSelector: namespaceNamed('monitoring'),
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
            },
          },
        ],
        name: 'allow-prometheus-scrape',
        ports: [{ namedPort: 'metrics' }, { portRange: { end: 9199, protocol: 'TCP', start: 9090 } }],
      },
    ],
    priority: 10,
    subject: { namespaces: {} },
  });
  adminPolicy(ctx, 'AdminNetworkPolicy', 'deny-cloud-metadata', {
    egress: [
      {
        action: 'Deny',
        name: 'deny-instance-metadata',
        to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }],
      },
    ],
    priority: 20,
    subject: teamNamespaces,
  });
  adminPolicy(ctx, 'AdminNetworkPolicy', 'protect-kube-system', {
    ingress: [
      {
        action: 'Pass',
        from: [{ namespaces: namespaceNamed('kube-system') }],
        name: 'pass-from-kube-system',
      },
      {
        action: 'Deny',
        from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }],
        name: 'deny-from-team-namespaces',
        ports: [
          { portRange: { end: 10260, protocol: 'TCP', start: 10250 } },
          { portNumber: { port: 443, protocol: 'TCP' } },
        ],
      },
    ],
    priority: 30,
    subject: { namespaces: namespaceNamed('kube-system') },
  });
  adminPolicy(ctx, 'AdminNetworkPolicy', 'control-plane-egress', {
    egress: [
      {
        action: 'Allow',
        name: 'allow-apiserver',
        ports: [{ portNumber: { port: 6443, protocol: 'TCP' } }],
        to: [{ nodes: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } }],
      },
    ],
    priority: 40,
    subject: {
      pods: {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        podSelector: {
          matchExpressions: [
            { key: 'app.kubernetes.io/component', operator: 'In', values: ['operator', 'controller'] },
          ],
        },
      },
    },
  });
  if (level === 'strict') {
    adminPolicy(ctx, 'AdminNetworkPolicy', 'isolate-environments', {
      ingress: [
        {
          action: 'Deny',
          from: [
            { namespaces: { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'staging', 'qa'] }] } },
          ],
          name: 'deny-from-non-prod',
        },
      ],
      priority: 50,
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
    });
  }
  adminPolicy(ctx, 'BaselineAdminNetworkPolicy', 'default', {
    egress:
      level === 'strict'
        ? [{ action: 'Deny', name: 'default-deny-internet', to: [{ networks: ['0.0.0.0/0'] }] }]
        : undefined,
    ingress: [
      {
        action: 'Deny',
        from: level === 'strict' ? [{ namespaces: {} }] : [{ namespaces: { matchLabels: { env: 'dev' } } }],
        name: level === 'strict' ? 'default-deny-all' : 'deny-from-dev',
      },
    ],
    subject: level === 'strict' ? teamNamespaces : { namespaces: { matchLabels: { env: 'prod' } } },
  });
}
