import { Bucket, type JsonMap, type Labels } from './common.js';
import { CA_PLACEHOLDER, configMap, rootCaConfigMap, secret, serviceAccountObject } from './config.js';
import type { ClusterContext } from './context.js';
import { dnsEgress, gateway, namespaceNamed, networkPolicy, route, service } from './network.js';
import type { NodeInfo } from './nodes.js';
import type { ClusterPlan, Component, NamespacePlan } from './plan.js';
import {
  container,
  hostPathVolume,
  httpProbe,
  mount,
  podSpec,
  port,
  template,
  type Port,
  type Template,
} from './pods.js';
import {
  DANGLING_LABEL,
  clusterRole,
  clusterRoleBinding,
  group,
  role,
  roleBinding,
  rule,
  serviceAccount,
  urlRule,
  user,
} from './rbac.js';
import { cronJob, daemonSet, deployment, staticPod, statefulSet, type NsScope } from './workloads.js';

const TOLERATE_ALL: JsonMap[] = [{ operator: 'Exists' }];
const CRITICAL_ADDONS: JsonMap = { key: 'CriticalAddonsOnly', operator: 'Exists' };
const CONTROL_PLANE: JsonMap = { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' };
const RO = 'get list watch';

interface SystemScope extends NsScope {
  plan: ClusterPlan;
  ns: NamespacePlan;
}

function has(s: SystemScope, c: Component): boolean {
  return s.plan.components.has(c);
}

function hostPortsOf(ports: Port[]): Port[] {
  return ports.map((p) => ({ ...p, hostPort: p.containerPort }));
}

/** Generates one of the system namespaces. */
export function generateSystemNamespace(ctx: ClusterContext, plan: ClusterPlan, ns: NamespacePlan): Bucket {
  const s: SystemScope = {
    ctx,
    plan,
    ns,
    rng: ctx.rng('namespace', ns.name),
    namespace: ns.name,
    bucket: new Bucket(),
    created: ns.created,
  };
  serviceAccountObject(s, { name: 'default' });
  rootCaConfigMap(s);
  switch (ns.name) {
    case 'kube-system':
      kubeSystem(s);
      break;
    case 'logging':
      logging(s);
      break;
    case 'monitoring':
      monitoring(s);
      break;
    case 'ingress-nginx':
      ingressNginx(s);
      break;
    case 'gateway-system':
      gatewaySystem(s);
      break;
    case 'ci':
      ci(s);
      break;
    case 'default':
      service(s, {
        name: 'kubernetes',
        labels: { component: 'apiserver', provider: 'kubernetes' },
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, targetPort: 6443 }],
      });
      break;
    case 'kube-public':
      configMap(s, 'cluster-info', {
        kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ""\n    server: https://${ctx.cloud.clusterName}.k8s.example.com:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`,
      });
      role(s, 'kubeadm:bootstrap-signer-clusterinfo', [rule('core', 'configmaps', 'get', 'cluster-info')]);
      roleBinding(
        s,
        'kubeadm:bootstrap-signer-clusterinfo',
        { kind: 'Role', name: 'kubeadm:bootstrap-signer-clusterinfo' },
        [user('system:anonymous')],
      );
      break;
  }
  return s.bucket;
}

function nodesWhere(s: SystemScope, f: (n: NodeInfo) => boolean): NodeInfo[] {
  return s.ctx.nodes.filter(f);
}

function kubeSystem(s: SystemScope): void {
  const { ctx, rng } = s;
  for (const name of [
    'attachdetach-controller',
    'bootstrap-signer',
    'certificate-controller',
    'clusterrole-aggregation-controller',
    'cronjob-controller',
    'daemon-set-controller',
    'deployment-controller',
    'generic-garbage-collector',
    'job-controller',
    'namespace-controller',
    'node-controller',
    'replicaset-controller',
    'service-account-controller',
    'statefulset-controller',
    'token-cleaner',
  ]) {
    serviceAccountObject(s, { name });
  }
  const cp = nodesWhere(s, (n) => n.pool === 'control-plane');
  if (has(s, 'static-pods')) {
    for (const node of cp) {
      for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
        staticPod(s, node, component, staticTemplate(s, component, node));
      }
    }
  }

  // calico-node: the CNI agent, privileged on the host network of every node.
  serviceAccountObject(s, { name: 'calico-node', legacyToken: true });
  clusterRole(ctx, rng, 'calico-node', [
    rule('core', 'pods nodes namespaces', 'get'),
    rule('core', 'endpoints services', 'watch list get'),
    rule('core', 'nodes/status', 'patch update'),
    rule('networking.k8s.io', 'networkpolicies', 'watch list'),
    rule('core', 'pods namespaces serviceaccounts', 'list watch'),
    rule('core', 'pods/status', 'patch'),
    rule('crd.projectcalico.org', '*', 'get list watch create update'),
    rule('core', 'serviceaccounts/token', 'create', 'calico-cni-plugin'),
  ]);
  clusterRoleBinding(ctx, rng, 'calico-node', 'calico-node', [serviceAccount('kube-system', 'calico-node')]);
  configMap(s, 'calico-config', {
    calico_backend: 'bird',
    cni_network_config: '{"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [{"type": "calico"}]}',
    typha_service_name: 'none',
    veth_mtu: '0',
  });
  if (has(s, 'calico-node')) {
    const labels = { 'k8s-app': 'calico-node' };
    const privileged = { privileged: true };
    const spec = podSpec({
      containers: [
        container({
          name: 'calico-node',
          image: 'docker.io/calico/node:v3.27.3',
          env: [
            { name: 'DATASTORE_TYPE', value: 'kubernetes' },
            { name: 'CALICO_IPV4POOL_CIDR', value: '10.64.0.0/10' },
            { name: 'NODENAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          ],
          livenessProbe: {
            exec: { command: ['/bin/calico-node', '-felix-live', '-bird-live'] },
            failureThreshold: 6,
            initialDelaySeconds: 10,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 10,
          },
          resources: { requests: { cpu: '250m' } },
          securityContext: privileged,
          volumeMounts: [
            mount('lib-modules', '/lib/modules', true),
            mount('xtables-lock', '/run/xtables.lock'),
            mount('var-run-calico', '/var/run/calico'),
            mount('var-lib-calico', '/var/lib/calico'),
            mount('cni-net-dir', '/host/etc/cni/net.d'),
            mount('cni-log-dir', '/var/log/calico/cni', true),
          ],
        }),
      ],
      initContainers: [
        container({
          name: 'install-cni',
          image: 'docker.io/calico/cni:v3.27.3',
          command: ['/opt/cni/bin/install'],
          securityContext: privileged,
          volumeMounts: [mount('cni-bin-dir', '/host/opt/cni/bin'), mount('cni-net-dir', '/host/etc/cni/net.d')],
        }),
      ],
      serviceAccountName: 'calico-node',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      terminationGracePeriodSeconds: 0,
      tolerations: [
        { effect: 'NoSchedule', operator: 'Exists' },
        CRITICAL_ADDONS,
        { effect: 'NoExecute', operator: 'Exists' },
      ],
      volumes: [
        hostPathVolume('lib-modules', '/lib/modules'),
        hostPathVolume('var-run-calico', '/var/run/calico', 'DirectoryOrCreate'),
        hostPathVolume('var-lib-calico', '/var/lib/calico', 'DirectoryOrCreate'),
        hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
        hostPathVolume('cni-bin-dir', '/opt/cni/bin', 'DirectoryOrCreate'),
        hostPathVolume('cni-net-dir', '/etc/cni/net.d'),
        hostPathVolume('cni-log-dir', '/var/log/calico/cni'),
      ],
    });
    daemonSet(s, {
      name: 'calico-node',
      labels,
      selector: labels,
      template: template(rng, labels, spec),
      nodes: ctx.nodes,
    });
  }

  // kube-proxy
  serviceAccountObject(s, { name: 'kube-proxy' });
  configMap(
    s,
    'kube-proxy',
    {
      'config.conf':
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.64.0.0/10\nmode: iptables\n',
      kubeconfig:
        'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://10.0.16.10:6443\n  name: default\n',
    },
    { labels: { app: 'kube-proxy' } },
  );
  role(s, 'kube-proxy', [rule('core', 'configmaps', 'get', 'kube-proxy')]);
  roleBinding(s, 'kube-proxy', { kind: 'Role', name: 'kube-proxy' }, [
    group('system:bootstrappers:kubeadm:default-node-token'),
  ]);
  if (has(s, 'kube-proxy')) {
    const labels = { 'k8s-app': 'kube-proxy' };
    const spec = podSpec({
      containers: [
        container({
          name: 'kube-proxy',
          image: 'registry.k8s.io/kube-proxy:v1.30.2',
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
          securityContext: { privileged: true },
          volumeMounts: [
            mount('kube-proxy', '/var/lib/kube-proxy'),
            mount('xtables-lock', '/run/xtables.lock'),
            mount('lib-modules', '/lib/modules', true),
          ],
        }),
      ],
      serviceAccountName: 'kube-proxy',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      tolerations: TOLERATE_ALL,
      volumes: [
        { configMap: { defaultMode: 420, name: 'kube-proxy' }, name: 'kube-proxy' },
        hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
        hostPathVolume('lib-modules', '/lib/modules'),
      ],
    });
    daemonSet(s, {
      name: 'kube-proxy',
      labels,
      selector: labels,
      template: template(rng, labels, spec),
      nodes: ctx.nodes,
    });
  }

  // CoreDNS
  serviceAccountObject(s, { name: 'coredns' });
  clusterRole(
    ctx,
    rng,
    'system:coredns',
    [
      rule('core', 'endpoints services pods namespaces', 'list watch'),
      rule('discovery.k8s.io', 'endpointslices', 'list watch'),
    ],
    { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
  );
  clusterRoleBinding(ctx, rng, 'system:coredns', 'system:coredns', [serviceAccount('kube-system', 'coredns')]);
  configMap(s, 'coredns', {
    Corefile:
      '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
  });
  const dnsLabels = { 'k8s-app': 'kube-dns' };
  if (has(s, 'coredns')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'coredns',
          image: 'registry.k8s.io/coredns/coredns:v1.11.1',
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [port(53, 'dns', 'UDP'), port(53, 'dns-tcp'), port(9153, 'metrics')],
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          livenessProbe: {
            failureThreshold: 5,
            httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
            initialDelaySeconds: 60,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 5,
          },
          readinessProbe: httpProbe(8181, '/ready'),
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [mount('config-volume', '/etc/coredns', true)],
        }),
      ],
      serviceAccountName: 'coredns',
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      tolerations: [CRITICAL_ADDONS, CONTROL_PLANE],
      volumes: [
        {
          configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' },
          name: 'config-volume',
        },
      ],
    });
    deployment(s, {
      name: 'coredns',
      labels: dnsLabels,
      selector: dnsLabels,
      template: template(rng, dnsLabels, spec),
      replicas: 2,
    });
  }
  service(s, {
    name: 'kube-dns',
    labels: { ...dnsLabels, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    clusterIP: '10.96.0.10',
    selector: dnsLabels,
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, targetPort: 53 },
      { name: 'metrics', port: 9153, targetPort: 9153 },
    ],
  });

  // calico-kube-controllers
  serviceAccountObject(s, { name: 'calico-kube-controllers' });
  clusterRole(ctx, rng, 'calico-kube-controllers', [
    rule('core', 'nodes', 'watch list get'),
    rule('core', 'pods', 'get list watch'),
    rule(
      'crd.projectcalico.org',
      'ipreservations ippools ipamblocks blockaffinities ipamhandles kubecontrollersconfigurations clusterinformations hostendpoints',
      'get list create update delete watch',
    ),
  ]);
  clusterRoleBinding(ctx, rng, 'calico-kube-controllers', 'calico-kube-controllers', [
    serviceAccount('kube-system', 'calico-kube-controllers'),
  ]);
  if (has(s, 'calico-kube-controllers')) {
    const labels = { 'k8s-app': 'calico-kube-controllers' };
    const spec = podSpec({
      containers: [
        container({
          name: 'calico-kube-controllers',
          image: 'docker.io/calico/kube-controllers:v3.27.3',
          env: [
            { name: 'ENABLED_CONTROLLERS', value: 'node' },
            { name: 'DATASTORE_TYPE', value: 'kubernetes' },
          ],
          livenessProbe: {
            exec: { command: ['/usr/bin/check-status', '-l'] },
            failureThreshold: 6,
            initialDelaySeconds: 10,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 10,
          },
          securityContext: { runAsNonRoot: true },
        }),
      ],
      serviceAccountName: 'calico-kube-controllers',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      tolerations: [CRITICAL_ADDONS, CONTROL_PLANE],
    });
    deployment(s, {
      name: 'calico-kube-controllers',
      labels,
      selector: labels,
      template: template(rng, labels, spec),
      replicas: 1,
    });
  }

  // metrics-server, with the aggregated reader role the real chart installs.
  serviceAccountObject(s, { name: 'metrics-server', labels: { 'k8s-app': 'metrics-server' } });
  clusterRole(ctx, rng, 'system:aggregated-metrics-reader', [rule('metrics.k8s.io', 'pods nodes', RO)], {
    labels: {
      'k8s-app': 'metrics-server',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
    },
  });
  clusterRole(
    ctx,
    rng,
    'system:metrics-server',
    [rule('core', 'nodes/metrics', 'get'), rule('core', 'pods nodes', RO)],
    {
      labels: { 'k8s-app': 'metrics-server' },
    },
  );
  clusterRoleBinding(ctx, rng, 'system:metrics-server', 'system:metrics-server', [
    serviceAccount('kube-system', 'metrics-server'),
  ]);
  clusterRoleBinding(ctx, rng, 'metrics-server:system:auth-delegator', 'system:auth-delegator', [
    serviceAccount('kube-system', 'metrics-server'),
  ]);
  role(
    s,
    'extension-apiserver-authentication-reader',
    [rule('core', 'configmaps', RO, 'extension-apiserver-authentication')],
    {
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    },
  );
  roleBinding(s, 'metrics-server-auth-reader', { kind: 'Role', name: 'extension-apiserver-authentication-reader' }, [
    serviceAccount('kube-system', 'metrics-server'),
  ]);
  const msLabels = { 'k8s-app': 'metrics-server' };
  if (has(s, 'metrics-server')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'metrics-server',
          image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.1',
          args: [
            '--cert-dir=/tmp',
            '--secure-port=10250',
            '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
            '--kubelet-use-node-status-port',
            '--metric-resolution=15s',
          ],
          ports: [port(10250, 'https')],
          resources: { requests: { cpu: '100m', memory: '200Mi' } },
          livenessProbe: {
            failureThreshold: 3,
            httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' },
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
          readinessProbe: {
            failureThreshold: 3,
            httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' },
            initialDelaySeconds: 20,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [mount('tmp-dir', '/tmp')],
        }),
      ],
      serviceAccountName: 'metrics-server',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
    });
    deployment(s, {
      name: 'metrics-server',
      labels: msLabels,
      selector: msLabels,
      template: template(rng, msLabels, spec),
      replicas: 1,
    });
  }
  service(s, {
    name: 'metrics-server',
    labels: msLabels,
    selector: msLabels,
    ports: [{ name: 'https', port: 443, targetPort: 'https' }],
  });
  secret(s, 'sh.helm.release.v1.metrics-server.v3', 'helm.sh/release.v1', ['release'], {
    labels: { name: 'metrics-server', owner: 'helm', status: 'deployed', version: '3' },
  });

  // NVIDIA device plugin on the GPU pool.
  serviceAccountObject(s, { name: 'nvidia-device-plugin' });
  if (has(s, 'nvidia-device-plugin')) {
    const labels = { 'app.kubernetes.io/name': 'nvidia-device-plugin' };
    const spec = podSpec({
      containers: [
        container({
          name: 'nvidia-device-plugin-ctr',
          image: 'nvcr.io/nvidia/k8s-device-plugin:v0.15.0',
          env: [{ name: 'FAIL_ON_INIT_ERROR', value: 'false' }],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          volumeMounts: [mount('device-plugin', '/var/lib/kubelet/device-plugins')],
        }),
      ],
      serviceAccountName: 'nvidia-device-plugin',
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      priorityClassName: 'system-node-critical',
      tolerations: [CRITICAL_ADDONS, { effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }],
      volumes: [hostPathVolume('device-plugin', '/var/lib/kubelet/device-plugins')],
    });
    daemonSet(s, {
      name: 'nvidia-device-plugin-daemonset',
      labels,
      selector: labels,
      template: template(rng, labels, spec),
      nodes: nodesWhere(s, (n) => n.pool === 'gpu'),
    });
  }

  // Configuration a live kube-system has, aws-auth included.
  const [account, other] = ctx.cloud.awsAccounts;
  configMap(s, 'aws-auth', {
    mapRoles: `- rolearn: arn:aws:iam::${account}:role/${ctx.cloud.clusterName}-node-group-role\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n- rolearn: arn:aws:iam::${account}:role/platform-admins\n  username: platform-admin:{{SessionName}}\n  groups:\n    - system:masters\n- rolearn: arn:aws:iam::${other}:role/ci-deploy\n  username: ci-deploy\n  groups:\n    - oidc:platform-operators\n- rolearn: arn:aws:iam::${account}:role/developers\n  username: developer:{{SessionName}}\n  groups:\n    - oidc:payments-developers\n`,
    mapUsers: `- userarn: arn:aws:iam::${account}:user/break-glass\n  username: break-glass\n  groups:\n    - system:masters\n- userarn: arn:aws:iam::${account}:user/alice\n  username: alice@example.com\n  groups:\n    - oidc:platform-operators\n`,
    mapAccounts: `- "${other}"\n`,
  });
  configMap(s, 'kubeadm-config', {
    ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: ${ctx.cloud.clusterName}\nkubernetesVersion: v1.30.2\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.64.0.0/10\n  serviceSubnet: 10.96.0.0/12\n`,
  });
  configMap(s, 'extension-apiserver-authentication', {
    'client-ca-file': CA_PLACEHOLDER,
    'requestheader-allowed-names': '["front-proxy-client"]',
    'requestheader-client-ca-file': CA_PLACEHOLDER,
    'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    'requestheader-group-headers': '["X-Remote-Group"]',
    'requestheader-username-headers': '["X-Remote-User"]',
  });
  secret(
    s,
    `bootstrap-token-${rng.chars('abcdefghijklmnopqrstuvwxyz0123456789', 6)}`,
    'bootstrap.kubernetes.io/token',
    [
      'auth-extra-groups',
      'expiration',
      'token-id',
      'token-secret',
      'usage-bootstrap-authentication',
      'usage-bootstrap-signing',
    ],
  );
  // Over-broad: every secret in kube-system readable by the log agent.
  role(s, 'secret-reader', [rule('core', 'secrets', RO)]);
  roleBinding(s, 'fluent-bit-secret-reader', { kind: 'Role', name: 'secret-reader' }, [
    serviceAccount('logging', 'fluent-bit'),
  ]);
}

function staticTemplate(s: SystemScope, component: string, node: NodeInfo): Template {
  const image = component === 'etcd' ? 'registry.k8s.io/etcd:3.5.12-0' : `registry.k8s.io/${component}:v1.30.2`;
  const volumes: JsonMap[] =
    component === 'etcd'
      ? [
          hostPathVolume('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'),
          hostPathVolume('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate'),
        ]
      : [
          hostPathVolume('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
          hostPathVolume('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'),
        ];
  const mounts = volumes.map((v) =>
    mount(String(v.name), String((v.hostPath as JsonMap).path), v.name !== 'etcd-data'),
  );
  const probePort = { etcd: 2381, 'kube-apiserver': 6443, 'kube-controller-manager': 10257, 'kube-scheduler': 10259 }[
    component
  ]!;
  const spec = podSpec({
    containers: [
      container({
        name: component,
        image,
        command:
          component === 'kube-apiserver'
            ? [
                component,
                `--advertise-address=${node.internalIP}`,
                '--allow-privileged=true',
                '--authorization-mode=Node,RBAC',
                '--enable-admission-plugins=NodeRestriction',
                '--service-cluster-ip-range=10.96.0.0/12',
              ]
            : [component, '--bind-address=127.0.0.1'],
        resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : '100m' } },
        livenessProbe: {
          failureThreshold: 8,
          httpGet: {
            host: node.internalIP,
            path: component === 'etcd' ? '/health?exclude=NOSPACE&serializable=true' : '/livez',
            port: probePort,
            scheme: component === 'etcd' ? 'HTTP' : 'HTTPS',
          },
          initialDelaySeconds: 10,
          periodSeconds: 10,
          successThreshold: 1,
          timeoutSeconds: 15,
        },
        volumeMounts: mounts,
      }),
    ],
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    volumes,
  });
  const annotations: Labels =
    component === 'kube-apiserver'
      ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${node.internalIP}:6443` }
      : {};
  return template(s.rng, { component, tier: 'control-plane' }, spec, { annotations, automountDefault: false });
}

function logging(s: SystemScope): void {
  const { ctx, rng } = s;
  const labels = { 'app.kubernetes.io/instance': 'fluent-bit', 'app.kubernetes.io/name': 'fluent-bit' };
  serviceAccountObject(s, { name: 'fluent-bit', labels });
  clusterRole(ctx, rng, 'fluent-bit', [rule('core', 'namespaces pods nodes nodes/proxy', RO)], { labels });
  clusterRoleBinding(ctx, rng, 'fluent-bit', 'fluent-bit', [serviceAccount('logging', 'fluent-bit')], { labels });
  configMap(
    s,
    'fluent-bit',
    {
      'fluent-bit.conf':
        '[SERVICE]\n    Flush 1\n    Parsers_File /fluent-bit/etc/parsers.conf\n[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n[FILTER]\n    Name kubernetes\n    Match kube.*\n[OUTPUT]\n    Name es\n    Match *\n    Host elasticsearch.logging.svc\n',
    },
    { labels },
  );
  secret(s, 'fluent-bit-es-credentials', 'Opaque', ['username', 'password'], { labels });
  if (has(s, 'fluent-bit')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'fluent-bit',
          image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.2',
          env: [
            { name: 'ES_USER', valueFrom: { secretKeyRef: { key: 'username', name: 'fluent-bit-es-credentials' } } },
            {
              name: 'ES_PASSWORD',
              valueFrom: { secretKeyRef: { key: 'password', name: 'fluent-bit-es-credentials' } },
            },
          ],
          ports: [port(2020, 'http')],
          livenessProbe: httpProbe('http', '/'),
          readinessProbe: httpProbe('http', '/api/v1/health'),
          resources: { limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
          volumeMounts: [
            mount('config', '/fluent-bit/etc/fluent-bit.conf', false, 'fluent-bit.conf'),
            mount('varlog', '/var/log'),
            mount('varlibdockercontainers', '/var/lib/docker/containers', true),
            mount('etcmachineid', '/etc/machine-id', true),
          ],
        }),
      ],
      serviceAccountName: 'fluent-bit',
      tolerations: TOLERATE_ALL,
      volumes: [
        { configMap: { defaultMode: 420, name: 'fluent-bit' }, name: 'config' },
        hostPathVolume('varlog', '/var/log'),
        hostPathVolume('varlibdockercontainers', '/var/lib/docker/containers'),
        hostPathVolume('etcmachineid', '/etc/machine-id', 'File'),
      ],
    });
    daemonSet(s, {
      name: 'fluent-bit',
      labels: { ...labels, 'app.kubernetes.io/version': '3.0.2', 'helm.sh/chart': 'fluent-bit-0.46.1' },
      selector: labels,
      template: template(rng, labels, spec, { annotations: { 'checksum/config': rng.hex(64) } }),
      nodes: ctx.nodes,
    });
  }
  service(s, {
    name: 'fluent-bit',
    labels,
    selector: labels,
    ports: [{ name: 'http', port: 2020, targetPort: 'http' }],
  });
}

function monitoring(s: SystemScope): void {
  const { ctx, rng } = s;
  const storageClass = { aws: 'gp3', gcp: 'standard-rwo', azure: 'managed-csi' }[ctx.cloud.provider];
  const part = { 'app.kubernetes.io/part-of': 'kube-prometheus' };

  // Prometheus
  const promSelector = { 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/name': 'prometheus' };
  const promLabels = { ...promSelector, 'app.kubernetes.io/component': 'prometheus', ...part };
  serviceAccountObject(s, { name: 'prometheus-k8s', labels: promLabels, automountServiceAccountToken: true });
  clusterRole(
    ctx,
    rng,
    'prometheus-k8s',
    [
      rule('core', 'nodes/metrics', 'get'),
      urlRule('/metrics /metrics/slis', 'get'),
      rule('core', 'services endpoints pods', RO),
    ],
    { labels: promLabels },
  );
  clusterRoleBinding(ctx, rng, 'prometheus-k8s', 'prometheus-k8s', [serviceAccount('monitoring', 'prometheus-k8s')], {
    labels: promLabels,
  });
  if (has(s, 'prometheus')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'prometheus',
          image: 'quay.io/prometheus/prometheus:v2.51.2',
          args: [
            '--web.console.templates=/etc/prometheus/consoles',
            '--storage.tsdb.retention.time=24h',
            '--config.file=/etc/prometheus/config_out/prometheus.env.yaml',
          ],
          ports: [port(9090, 'web')],
          readinessProbe: httpProbe('web', '/-/ready'),
          resources: { requests: { memory: '400Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [
            mount('prometheus-k8s-db', '/prometheus'),
            mount('config-out', '/etc/prometheus/config_out', true),
          ],
        }),
        container({
          name: 'config-reloader',
          image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.73.2',
          ports: [port(8080, 'reloader-web')],
          resources: { limits: { cpu: '10m', memory: '50Mi' }, requests: { cpu: '10m', memory: '50Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [mount('config-out', '/etc/prometheus/config_out')],
        }),
      ],
      serviceAccountName: 'prometheus-k8s',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      securityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 },
      terminationGracePeriodSeconds: 600,
      volumes: [{ emptyDir: {}, name: 'config-out' }],
    });
    statefulSet(s, {
      name: 'prometheus-k8s',
      labels: promLabels,
      selector: promSelector,
      template: template(rng, promLabels, spec),
      replicas: 2,
      serviceName: 'prometheus-operated',
      claims: [{ name: 'prometheus-k8s-db', storage: '100Gi' }],
      storageClass,
    });
  }
  service(s, {
    name: 'prometheus-k8s',
    labels: promLabels,
    selector: promSelector,
    ports: [
      { name: 'web', port: 9090, targetPort: 'web' },
      { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
    ],
  });
  service(s, {
    name: 'prometheus-operated',
    labels: { 'operated-prometheus': 'true' },
    headless: true,
    selector: { 'app.kubernetes.io/name': 'prometheus' },
    ports: [{ name: 'web', port: 9090, targetPort: 'web' }],
  });

  // Alertmanager
  const amSelector = { 'app.kubernetes.io/instance': 'main', 'app.kubernetes.io/name': 'alertmanager' };
  const amLabels = { ...amSelector, 'app.kubernetes.io/component': 'alert-router', ...part };
  serviceAccountObject(s, { name: 'alertmanager-main', labels: amLabels, automountServiceAccountToken: false });
  secret(s, 'alertmanager-main', 'Opaque', ['alertmanager.yaml'], { labels: amLabels });
  if (has(s, 'alertmanager')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'alertmanager',
          image: 'quay.io/prometheus/alertmanager:v0.27.0',
          args: [
            '--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml',
            '--cluster.listen-address=[$(POD_IP)]:9094',
          ],
          env: [{ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }],
          ports: [port(9093, 'web'), port(9094, 'mesh-tcp'), port(9094, 'mesh-udp', 'UDP')],
          resources: { limits: { cpu: '100m', memory: '100Mi' }, requests: { cpu: '4m', memory: '100Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [
            mount('config-volume', '/etc/alertmanager/config'),
            mount('alertmanager-main-db', '/alertmanager'),
          ],
        }),
      ],
      serviceAccountName: 'alertmanager-main',
      automountServiceAccountToken: false,
      securityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 },
      volumes: [{ name: 'config-volume', secret: { defaultMode: 420, secretName: 'alertmanager-main' } }],
    });
    statefulSet(s, {
      name: 'alertmanager-main',
      labels: amLabels,
      selector: amSelector,
      template: template(rng, amLabels, spec),
      replicas: 1,
      serviceName: 'alertmanager-operated',
      claims: [{ name: 'alertmanager-main-db', storage: '10Gi' }],
      storageClass,
    });
  }
  service(s, {
    name: 'alertmanager-main',
    labels: amLabels,
    selector: amSelector,
    ports: [{ name: 'web', port: 9093, targetPort: 'web' }],
  });
  service(s, {
    name: 'alertmanager-operated',
    headless: true,
    selector: { 'app.kubernetes.io/name': 'alertmanager' },
    ports: [
      { name: 'web', port: 9093, targetPort: 'web' },
      { name: 'tcp-mesh', port: 9094, targetPort: 9094 },
    ],
  });

  // kube-state-metrics: lists every object kind cluster-wide, secrets included.
  const ksmSelector = { 'app.kubernetes.io/name': 'kube-state-metrics' };
  const ksmLabels = {
    ...ksmSelector,
    'app.kubernetes.io/component': 'exporter',
    'app.kubernetes.io/version': '2.12.0',
    ...part,
  };
  serviceAccountObject(s, { name: 'kube-state-metrics', labels: ksmLabels, automountServiceAccountToken: false });
  clusterRole(
    ctx,
    rng,
    'kube-state-metrics',
    [
      rule(
        'core',
        'configmaps secrets nodes pods services serviceaccounts resourcequotas replicationcontrollers limitranges persistentvolumeclaims persistentvolumes namespaces endpoints',
        'list watch',
      ),
      rule('apps', 'statefulsets daemonsets deployments replicasets', 'list watch'),
      rule('batch', 'cronjobs jobs', 'list watch'),
      rule('networking.k8s.io', 'networkpolicies ingresses', 'list watch'),
      rule('rbac.authorization.k8s.io', 'clusterrolebindings clusterroles rolebindings roles', 'list watch'),
      rule('authentication.k8s.io', 'tokenreviews', 'create'),
    ],
    { labels: ksmLabels },
  );
  clusterRoleBinding(
    ctx,
    rng,
    'kube-state-metrics',
    'kube-state-metrics',
    [serviceAccount('monitoring', 'kube-state-metrics')],
    { labels: ksmLabels },
  );
  if (has(s, 'kube-state-metrics')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'kube-state-metrics',
          image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.12.0',
          args: ['--host=127.0.0.1', '--port=8081', '--telemetry-host=127.0.0.1', '--telemetry-port=8082'],
          resources: { limits: { cpu: '100m', memory: '250Mi' }, requests: { cpu: '10m', memory: '190Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 65534,
          },
        }),
        container({
          name: 'kube-rbac-proxy-main',
          image: 'quay.io/brancz/kube-rbac-proxy:v0.17.0',
          args: ['--secure-listen-address=:8443', '--upstream=http://127.0.0.1:8081/'],
          ports: [port(8443, 'https-main')],
          resources: { limits: { cpu: '40m', memory: '40Mi' }, requests: { cpu: '20m', memory: '20Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 65532,
          },
        }),
      ],
      serviceAccountName: 'kube-state-metrics',
      automountServiceAccountToken: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    });
    deployment(s, {
      name: 'kube-state-metrics',
      labels: ksmLabels,
      selector: ksmSelector,
      template: template(rng, ksmLabels, spec),
      replicas: 1,
    });
  }
  service(s, {
    name: 'kube-state-metrics',
    labels: ksmLabels,
    headless: true,
    selector: ksmSelector,
    ports: [{ name: 'https-main', port: 8443, targetPort: 'https-main' }],
  });

  // Grafana
  const grafanaSelector = { 'app.kubernetes.io/name': 'grafana' };
  const grafanaLabels = { ...grafanaSelector, 'app.kubernetes.io/component': 'grafana', ...part };
  serviceAccountObject(s, { name: 'grafana', labels: grafanaLabels, automountServiceAccountToken: false });
  secret(s, 'grafana-admin', 'Opaque', ['admin-user', 'admin-password'], { labels: grafanaLabels });
  secret(s, 'grafana-datasources', 'Opaque', ['datasources.yaml'], { labels: grafanaLabels });
  if (has(s, 'grafana')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'grafana',
          image: 'docker.io/grafana/grafana:10.4.1',
          env: [
            {
              name: 'GF_SECURITY_ADMIN_USER',
              valueFrom: { secretKeyRef: { key: 'admin-user', name: 'grafana-admin' } },
            },
            {
              name: 'GF_SECURITY_ADMIN_PASSWORD',
              valueFrom: { secretKeyRef: { key: 'admin-password', name: 'grafana-admin' } },
            },
          ],
          ports: [port(3000, 'http')],
          readinessProbe: httpProbe('http', '/api/health'),
          resources: { limits: { cpu: '200m', memory: '200Mi' }, requests: { cpu: '100m', memory: '100Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [
            mount('grafana-storage', '/var/lib/grafana'),
            mount('grafana-datasources', '/etc/grafana/provisioning/datasources', true),
          ],
        }),
      ],
      serviceAccountName: 'grafana',
      automountServiceAccountToken: false,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
      volumes: [
        { emptyDir: {}, name: 'grafana-storage' },
        { name: 'grafana-datasources', secret: { defaultMode: 420, secretName: 'grafana-datasources' } },
      ],
    });
    deployment(s, {
      name: 'grafana',
      labels: grafanaLabels,
      selector: grafanaSelector,
      template: template(rng, grafanaLabels, spec),
      replicas: 1,
    });
  }
  service(s, {
    name: 'grafana',
    labels: grafanaLabels,
    selector: grafanaSelector,
    ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
  });

  // node-exporter: host network, host PID and the whole host filesystem, read-only.
  const neSelector = { 'app.kubernetes.io/name': 'node-exporter' };
  const neLabels = {
    ...neSelector,
    'app.kubernetes.io/component': 'exporter',
    'app.kubernetes.io/version': '1.8.0',
    ...part,
  };
  serviceAccountObject(s, { name: 'node-exporter', labels: neLabels, automountServiceAccountToken: false });
  clusterRole(
    ctx,
    rng,
    'node-exporter',
    [
      rule('authentication.k8s.io', 'tokenreviews', 'create'),
      rule('authorization.k8s.io', 'subjectaccessreviews', 'create'),
    ],
    { labels: neLabels },
  );
  clusterRoleBinding(ctx, rng, 'node-exporter', 'node-exporter', [serviceAccount('monitoring', 'node-exporter')], {
    labels: neLabels,
  });
  if (has(s, 'node-exporter')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'node-exporter',
          image: 'quay.io/prometheus/node-exporter:v1.8.0',
          args: [
            '--web.listen-address=127.0.0.1:9101',
            '--path.sysfs=/host/sys',
            '--path.rootfs=/host/root',
            '--path.udev.data=/host/root/run/udev/data',
          ],
          resources: { limits: { cpu: '250m', memory: '180Mi' }, requests: { cpu: '102m', memory: '180Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['SYS_TIME'], drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [
            mount('sys', '/host/sys', true),
            { mountPath: '/host/root', mountPropagation: 'HostToContainer', name: 'root', readOnly: true },
          ],
        }),
        container({
          name: 'kube-rbac-proxy',
          image: 'quay.io/brancz/kube-rbac-proxy:v0.17.0',
          args: ['--secure-listen-address=[$(IP)]:9100', '--upstream=http://127.0.0.1:9101/'],
          env: [{ name: 'IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }],
          ports: hostPortsOf([port(9100, 'https')]),
          resources: { limits: { cpu: '20m', memory: '40Mi' }, requests: { cpu: '10m', memory: '20Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsGroup: 65532,
            runAsNonRoot: true,
            runAsUser: 65532,
          },
        }),
      ],
      serviceAccountName: 'node-exporter',
      automountServiceAccountToken: true,
      hostNetwork: true,
      hostPID: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      securityContext: { runAsNonRoot: true, runAsUser: 65534 },
      tolerations: TOLERATE_ALL,
      volumes: [hostPathVolume('sys', '/sys'), hostPathVolume('root', '/')],
    });
    daemonSet(s, {
      name: 'node-exporter',
      labels: neLabels,
      selector: neSelector,
      template: template(rng, neLabels, spec),
      nodes: ctx.nodes,
    });
  }
  service(s, {
    name: 'node-exporter',
    labels: neLabels,
    headless: true,
    selector: neSelector,
    ports: [{ name: 'https', port: 9100, targetPort: 'https' }],
  });

  // The NetworkPolicies kube-prometheus ships (one only on a flat network).
  networkPolicy(
    s,
    'alertmanager-main',
    {
      egress: [{}],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
          ports: [
            { port: 9093, protocol: 'TCP' },
            { port: 8080, protocol: 'TCP' },
          ],
        },
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } } }],
          ports: [
            { port: 9094, protocol: 'TCP' },
            { port: 9094, protocol: 'UDP' },
          ],
        },
      ],
      podSelector: { matchLabels: amSelector },
      policyTypes: ['Egress', 'Ingress'],
    },
    amLabels,
  );
  if (ctx.profile.teamNetworkPolicies) {
    networkPolicy(
      s,
      'prometheus-k8s',
      {
        egress: [{}],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
            ports: [
              { port: 9090, protocol: 'TCP' },
              { port: 8080, protocol: 'TCP' },
            ],
          },
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } }],
            ports: [{ port: 9090, protocol: 'TCP' }],
          },
        ],
        podSelector: { matchLabels: promSelector },
        policyTypes: ['Egress', 'Ingress'],
      },
      promLabels,
    );
    networkPolicy(
      s,
      'grafana',
      {
        egress: [{}],
        ingress: [
          {
            from: [
              { namespaceSelector: namespaceNamed('ingress-nginx') },
              { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
            ],
            ports: [{ port: 3000, protocol: 'TCP' }],
          },
        ],
        podSelector: { matchLabels: grafanaSelector },
        policyTypes: ['Egress', 'Ingress'],
      },
      grafanaLabels,
    );
    networkPolicy(
      s,
      'kube-state-metrics',
      {
        egress: [{}],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
            ports: [
              { port: 8443, protocol: 'TCP' },
              { port: 9443, protocol: 'TCP' },
            ],
          },
        ],
        podSelector: { matchLabels: ksmSelector },
        policyTypes: ['Egress', 'Ingress'],
      },
      ksmLabels,
    );
  }
}

function ingressNginx(s: SystemScope): void {
  const { ctx, rng } = s;
  const selector = {
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/instance': 'ingress-nginx',
    'app.kubernetes.io/name': 'ingress-nginx',
  };
  const labels = { ...selector, 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.10.1' };
  serviceAccountObject(s, { name: 'ingress-nginx', labels, automountServiceAccountToken: true });
  serviceAccountObject(s, {
    name: 'ingress-nginx-admission',
    labels: { ...labels, 'app.kubernetes.io/component': 'admission-webhook' },
  });
  clusterRole(
    ctx,
    rng,
    'ingress-nginx',
    [
      rule('core', 'configmaps endpoints nodes pods secrets namespaces', 'list watch'),
      rule('coordination.k8s.io', 'leases', 'list watch'),
      rule('core', 'nodes', 'get'),
      rule('core', 'services', RO),
      rule('networking.k8s.io', 'ingresses ingressclasses', RO),
      rule('core', 'events', 'create patch'),
      rule('networking.k8s.io', 'ingresses/status', 'update'),
      rule('discovery.k8s.io', 'endpointslices', 'list watch get'),
    ],
    { labels },
  );
  clusterRoleBinding(ctx, rng, 'ingress-nginx', 'ingress-nginx', [serviceAccount('ingress-nginx', 'ingress-nginx')], {
    labels,
  });
  role(
    s,
    'ingress-nginx',
    [
      rule('core', 'namespaces', 'get'),
      rule('core', 'configmaps pods secrets endpoints', RO),
      rule('core', 'services', RO),
      rule('coordination.k8s.io', 'leases', 'get update', 'ingress-nginx-leader'),
      rule('coordination.k8s.io', 'leases', 'create'),
    ],
    { labels },
  );
  roleBinding(
    s,
    'ingress-nginx',
    { kind: 'Role', name: 'ingress-nginx' },
    [serviceAccount('ingress-nginx', 'ingress-nginx')],
    { labels },
  );
  configMap(
    s,
    'ingress-nginx-controller',
    { 'allow-snippet-annotations': 'false', 'use-forwarded-headers': 'true' },
    { labels },
  );
  secret(s, 'ingress-nginx-admission', 'Opaque', ['ca', 'cert', 'key']);
  if (has(s, 'ingress-nginx')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'controller',
          image:
            'registry.k8s.io/ingress-nginx/controller:v1.10.1@sha256:e24f39d3eed6bcc239a56f20098878845f62baa34b9f2be2fd2c38ce9fb0f29e',
          args: [
            '/nginx-ingress-controller',
            '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
            '--election-id=ingress-nginx-leader',
            '--controller-class=k8s.io/ingress-nginx',
            '--ingress-class=nginx',
            '--validating-webhook=:8443',
          ],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
          ],
          ports: [port(80, 'http'), port(443, 'https'), port(8443, 'webhook')],
          livenessProbe: {
            failureThreshold: 5,
            httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
            initialDelaySeconds: 10,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
          readinessProbe: httpProbe(10254, '/healthz', 10),
          resources: { requests: { cpu: '100m', memory: '90Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: false,
            runAsNonRoot: true,
            runAsUser: 101,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [mount('webhook-cert', '/usr/local/certificates/', true)],
        }),
      ],
      serviceAccountName: 'ingress-nginx',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      terminationGracePeriodSeconds: 300,
      volumes: [{ name: 'webhook-cert', secret: { defaultMode: 420, secretName: 'ingress-nginx-admission' } }],
    });
    deployment(s, {
      name: 'ingress-nginx-controller',
      labels,
      selector,
      template: template(rng, labels, spec),
      replicas: 2,
      previousReplicaSet: true,
    });
  }
  const lb = service(s, {
    name: 'ingress-nginx-controller',
    labels,
    annotations:
      ctx.cloud.provider === 'aws' ? { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } : undefined,
    selector,
    type: 'LoadBalancer',
    externalTrafficPolicy: 'Local',
    ports: [
      { name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' },
      { name: 'https', port: 443, targetPort: 'https', appProtocol: 'https' },
    ],
  });
  ctx.ingressStatus = lb.ingress ?? ctx.loadBalancerIngress(rng);
  service(s, {
    name: 'ingress-nginx-controller-admission',
    labels,
    selector,
    ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook', appProtocol: 'https' }],
  });
  ctx.cluster.add('ingressclasses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
      creationTimestamp: '2025-01-06T12:00:00Z',
      generation: 1,
      labels,
      name: 'nginx',
      resourceVersion: String(ctx.rv.next()),
      uid: rng.uuid(),
    },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
}

function gatewaySystem(s: SystemScope): void {
  const { ctx, rng, plan } = s;
  const selector = {
    'app.kubernetes.io/instance': 'eg',
    'app.kubernetes.io/name': 'gateway-helm',
    'control-plane': 'envoy-gateway',
  };
  serviceAccountObject(s, { name: 'envoy-gateway', labels: selector });
  clusterRole(
    ctx,
    rng,
    'eg-gateway-helm-envoy-gateway-role',
    [
      rule('core', 'nodes namespaces', 'get list watch'),
      rule('core', 'secrets configmaps services serviceaccounts', RO),
      rule(
        'gateway.networking.k8s.io',
        'gatewayclasses gateways httproutes grpcroutes tlsroutes tcproutes udproutes referencegrants',
        RO,
      ),
      rule(
        'gateway.networking.k8s.io',
        'gatewayclasses/status gateways/status httproutes/status grpcroutes/status tlsroutes/status',
        'update',
      ),
      rule('apps', 'deployments daemonsets', `${RO} create update delete`),
    ],
    { labels: selector },
  );
  clusterRoleBinding(ctx, rng, 'eg-gateway-helm-envoy-gateway-rolebinding', 'eg-gateway-helm-envoy-gateway-role', [
    serviceAccount('gateway-system', 'envoy-gateway'),
  ]);
  if (has(s, 'envoy-gateway')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'envoy-gateway',
          image: 'docker.io/envoyproxy/gateway:v1.0.1',
          args: ['server', '--config-path=/config/envoy-gateway.yaml'],
          ports: [port(18000, 'grpc'), port(18001, 'ratelimit'), port(19001, 'metrics')],
          livenessProbe: httpProbe(8081, '/healthz', 15),
          readinessProbe: httpProbe(8081, '/readyz', 5),
          resources: { limits: { memory: '1024Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            runAsGroup: 65532,
            runAsNonRoot: true,
            runAsUser: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        }),
      ],
      serviceAccountName: 'envoy-gateway',
      terminationGracePeriodSeconds: 10,
    });
    deployment(s, {
      name: 'envoy-gateway',
      labels: selector,
      selector,
      template: template(rng, selector, spec),
      replicas: 1,
    });
  }
  service(s, {
    name: 'envoy-gateway',
    labels: selector,
    selector,
    ports: [
      { name: 'grpc', port: 18000, targetPort: 18000 },
      { name: 'ratelimit', port: 18001, targetPort: 18001 },
      { name: 'metrics', port: 19001, targetPort: 19001 },
    ],
  });
  secret(s, 'wildcard-tls', 'kubernetes.io/tls', ['tls.crt', 'tls.key'], {
    annotations: { 'cert-manager.io/certificate-name': 'wildcard' },
  });
  const proxyLabels = {
    'gateway.envoyproxy.io/owning-gateway-name': 'public',
    'gateway.envoyproxy.io/owning-gateway-namespace': 'gateway-system',
  };
  const lb = service(s, {
    name: 'envoy-gateway-system-public',
    labels: proxyLabels,
    selector: proxyLabels,
    type: 'LoadBalancer',
    externalTrafficPolicy: 'Local',
    ports: [
      { name: 'http-80', port: 80, targetPort: 10080 },
      { name: 'https-443', port: 443, targetPort: 10443 },
      { name: 'tls-8443', port: 8443, targetPort: 18443 },
    ],
  });
  const selected = { namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'true' } } } };
  gateway(
    s,
    'public',
    [
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: {
          kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
          namespaces: { from: 'All' },
        },
      },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: '*.example.com',
        tls: { certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }], mode: 'Terminate' },
        allowedRoutes: selected,
      },
      {
        name: 'grpc',
        port: 50051,
        protocol: 'HTTPS',
        tls: { certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }], mode: 'Terminate' },
        allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }], ...selected },
      },
      {
        name: 'tls-passthrough',
        port: 8443,
        protocol: 'TLS',
        tls: { mode: 'Passthrough' },
        allowedRoutes: {
          kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }],
          namespaces: { from: 'All' },
        },
      },
    ],
    lb.ingress ?? {},
  );
  gateway(s, 'internal', [{ name: 'http', port: 8080, protocol: 'HTTP' }], { ip: ctx.serviceIP(rng) });
  const target = plan.namespaces.find((n) => n.features.has('route-target'));
  if (target) {
    route(s, {
      kind: 'HTTPRoute',
      name: 'shared-api',
      parent: { name: 'public', namespace: 'gateway-system', sectionName: 'http' },
      hostnames: ['shared-api.example.com'],
      backend: { name: 'shared-api', namespace: target.name, port: 80 },
    });
  }
}

function ci(s: SystemScope): void {
  const { ctx, rng, ns } = s;
  const labels = { app: 'gitlab-runner', release: 'gitlab-runner' };
  serviceAccountObject(s, {
    name: 'ci-deployer',
    labels,
    annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ctx.cloud.awsAccounts[1]}:role/ci-deployer` },
    legacyToken: true,
  });
  // Over-broad: the CI service account is cluster-admin.
  clusterRoleBinding(ctx, rng, 'ci-deployer-cluster-admin', 'cluster-admin', [serviceAccount('ci', 'ci-deployer')], {
    labels,
  });
  secret(s, 'gitlab-runner', 'Opaque', ['runner-registration-token', 'runner-token'], { labels });
  secret(s, 'regcred', 'kubernetes.io/dockerconfigjson', ['.dockerconfigjson']);
  const dockerSocket = ns.enforce === undefined;
  if (has(s, 'gitlab-runner')) {
    const spec = podSpec({
      containers: [
        container({
          name: 'gitlab-runner',
          image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v16.11.0',
          command: ['/usr/bin/dumb-init', '--', '/bin/bash', '/configmaps/entrypoint'],
          env: [
            { name: 'CI_SERVER_URL', value: 'https://gitlab.example.com/' },
            { name: 'RUNNER_TOKEN', valueFrom: { secretKeyRef: { key: 'runner-token', name: 'gitlab-runner' } } },
          ],
          ports: [port(9252, 'metrics')],
          livenessProbe: {
            exec: { command: ['/bin/bash', '/configmaps/check-live'] },
            failureThreshold: 3,
            initialDelaySeconds: 60,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
          resources: {},
          securityContext: dockerSocket
            ? { runAsUser: 0 }
            : { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
          volumeMounts: dockerSocket ? [mount('docker-sock', '/var/run/docker.sock')] : undefined,
        }),
      ],
      serviceAccountName: 'ci-deployer',
      imagePullSecrets: ['regcred'],
      volumes: dockerSocket ? [hostPathVolume('docker-sock', '/var/run/docker.sock', 'Socket')] : undefined,
    });
    deployment(s, {
      name: 'gitlab-runner',
      labels,
      selector: { app: 'gitlab-runner' },
      template: template(rng, labels, spec),
      replicas: 1,
    });
  }
  const cleanupLabels = { app: 'ci-cleanup' };
  const cleanup = podSpec({
    containers: [
      container({
        name: 'kubectl',
        image: 'docker.io/bitnami/kubectl:1.30',
        command: ['kubectl', 'delete', 'pods', '--all-namespaces', '--field-selector=status.phase==Succeeded'],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
          runAsUser: 1001,
        },
      }),
    ],
    serviceAccountName: 'ci-deployer',
    restartPolicy: 'OnFailure',
  });
  cronJob(s, {
    name: 'ci-cleanup',
    labels: cleanupLabels,
    template: template(rng, cleanupLabels, cleanup),
    schedule: '*/30 * * * *',
    running: has(s, 'ci-cleanup'),
  });
  if (ctx.profile.teamNetworkPolicies) {
    networkPolicy(s, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    networkPolicy(s, 'allow-dns-egress', {
      egress: [dnsEgress(), { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
      podSelector: {},
      policyTypes: ['Egress'],
    });
  }
}

/** Cluster-wide RBAC beyond the defaults: platform roles, aggregation, and a few realistic mistakes. */
export function clusterRbac(ctx: ClusterContext, plan: ClusterPlan): void {
  const rng = ctx.rng('rbac', 'cluster');
  clusterRoleBinding(ctx, rng, 'platform-admins', 'cluster-admin', [
    group('oidc:platform-admins'),
    user('break-glass'),
  ]);
  clusterRole(ctx, rng, 'namespace-lister', [rule('core', 'namespaces', 'get list')]);
  clusterRoleBinding(ctx, rng, 'namespace-lister', 'namespace-lister', [group('system:authenticated')]);
  // Over-broad: every authenticated user may read everything `view` allows, cluster-wide.
  clusterRoleBinding(ctx, rng, 'authenticated-view', 'view', [group('system:authenticated')]);
  // Aggregation beyond the defaults.
  clusterRole(
    ctx,
    rng,
    'gateway-api:view',
    [rule('gateway.networking.k8s.io', 'gateways httproutes grpcroutes tlsroutes referencegrants', RO)],
    {
      labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    },
  );
  clusterRole(
    ctx,
    rng,
    'gateway-api:edit',
    [rule('gateway.networking.k8s.io', 'httproutes grpcroutes tlsroutes', 'create delete patch update')],
    {
      labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    },
  );
  const operator = 'rbac.platform.example.com/aggregate-to-operator';
  clusterRole(ctx, rng, 'platform:operator', null, { aggregationRule: [{ [operator]: 'true' }] });
  clusterRole(ctx, rng, 'platform:operator-gateways', [rule('gateway.networking.k8s.io', '*', '*')], {
    labels: { [operator]: 'true' },
  });
  clusterRole(
    ctx,
    rng,
    'platform:operator-certificates',
    [
      rule('cert-manager.io', 'certificates issuers clusterissuers', '*'),
      rule('core', 'secrets', 'get list watch create update'),
    ],
    {
      labels: { [operator]: 'true' },
    },
  );
  clusterRoleBinding(ctx, rng, 'platform-operators', 'platform:operator', [group('oidc:platform-operators')]);
  // Over-broad: the kubelet API through the node proxy, given to a team's default account.
  clusterRole(ctx, rng, 'node-debugger', [
    rule('core', 'nodes nodes/proxy nodes/log', 'get list create'),
    rule('core', 'pods', 'create'),
  ]);
  const team = plan.namespaces.find((n) => n.features.has('escalate'));
  if (team) clusterRoleBinding(ctx, rng, 'node-debugger', 'node-debugger', [serviceAccount(team.name, 'default')]);
  clusterRole(ctx, rng, 'oncall-exec', [rule('core', 'pods', 'get list'), rule('core', 'pods/exec', 'create')]);
  clusterRoleBinding(ctx, rng, 'oncall-exec', 'oncall-exec', [group('oncall')]);
  // Dangling: the role was deleted, the binding stayed.
  clusterRoleBinding(
    ctx,
    rng,
    'legacy-operator',
    'legacy-operator',
    [serviceAccount('kube-system', 'legacy-operator')],
    {
      labels: { [DANGLING_LABEL]: 'true' },
    },
  );
  const teams = plan.namespaces.filter((n) => n.team);
  for (const t of new Set(teams.map((n) => n.team!))) {
    if (rng.chance(0.3)) clusterRoleBinding(ctx, rng, `${t}-developers-view`, 'view', [group(`oidc:${t}-developers`)]);
  }
}
