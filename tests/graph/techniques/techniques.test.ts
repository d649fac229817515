import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TECHNIQUES } from '../../../src/graph/index.js';
import { deployment, graphOf, hasEdge } from '../build.js';
import { MORE_CASES, type Case } from './more-cases.js';

const NS = (name: string, labels = '') => `apiVersion: v1
kind: Namespace
metadata: { name: ${name}${labels ? `, labels: { ${labels} }` : ''} }
---
`;
const W = 'Workload:app/Deployment/w';
const SA = 'ServiceAccount:app/sa';
const c = (sc: string, mounts = '') =>
  `containers:\n  - name: c\n    image: nginx\n    securityContext: ${sc}${mounts ? `\n    volumeMounts: ${mounts}` : ''}`;
const hostPath = (path: string, readOnly = false) =>
  `volumes: [{ name: h, hostPath: { path: ${path} } }]\n` +
  c('{}', `[{ name: h, mountPath: /h, readOnly: ${readOnly} }]`);
const sa = (extra = '') => `apiVersion: v1
kind: ServiceAccount
metadata: { name: sa, namespace: app${extra} }
---
`;
const role = (rules: string, kind = 'ClusterRole', ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: r${ns ? `, namespace: ${ns}` : ''} }
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}Binding
metadata: { name: rb${ns ? `, namespace: ${ns}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: r }
subjects: [{ kind: ServiceAccount, name: sa, namespace: app }]
---
`;
const target = `${sa().replace(/name: sa,/, 'name: target,')}${`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: target-view, namespace: app }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: target, namespace: app }]
---
`}`;

const CASES: Case[] = [
  {
    technique: 'EXPOSED_ENDPOINT',
    from: 'Internet',
    to: 'Endpoint:app/svc:80',
    valid: `${deployment('w', 'containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: LoadBalancer, selector: { app: w }, ports: [{ port: 80, targetPort: 8080 }] }
`,
    invalid: `${deployment('w', 'containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: ClusterIP, selector: { app: w }, ports: [{ port: 80, targetPort: 8080 }] }
`,
  },
  {
    technique: 'ENDPOINT_EXPLOIT',
    from: 'Endpoint:app/svc:80',
    to: W,
    valid: `${deployment('w', 'containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: LoadBalancer, selector: { app: w }, ports: [{ port: 80, targetPort: 8080 }] }
`,
    invalid: `${deployment('w', 'containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: LoadBalancer, selector: { app: other }, ports: [{ port: 80, targetPort: 8080 }] }
`,
  },
  {
    // Real images in vuln-exploit.test.ts; here the scan's result as the graph receives it.
    technique: 'VULN_EXPLOIT',
    from: 'Endpoint:app/svc:80',
    to: W,
    valid: `${deployment('w', 'containers: [{ name: c, image: shop/web:1, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: LoadBalancer, selector: { app: w }, ports: [{ port: 80, targetPort: 8080 }] }
`,
    invalid: `${deployment('w', 'containers: [{ name: c, image: shop/web:2, ports: [{ containerPort: 8080 }] }]')}apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec: { type: LoadBalancer, selector: { app: w }, ports: [{ port: 80, targetPort: 8080 }] }
`,
    settings: {
      imageVulnerabilities: new Map(
        (['shop/web:1', 'shop/web:2'] as const).map((image) => [
          image,
          {
            image,
            packages: [],
            secrets: [],
            vulnerabilities: [
              {
                id: 'CVE-2024-0001',
                aliases: [],
                severity: 'critical' as const,
                score: 9.8,
                attackVector: image.endsWith('1') ? ('network' as const) : ('local' as const),
                network: image.endsWith('1'),
                package: 'pkg:npm/webcore@2.4.0',
                packageName: 'webcore',
                ecosystem: 'npm',
                installedVersion: '2.4.0',
                fixedVersions: ['2.4.1'],
                status: 'fixed' as const,
              },
            ],
          },
        ]),
      ),
    },
  },
  {
    technique: 'NET_LATERAL',
    from: 'Workload:app/Deployment/a',
    to: 'Workload:app/Deployment/b',
    valid: `${deployment('a', 'containers: [{ name: c, image: x }]')}${deployment('b', 'containers: [{ name: c, image: x, ports: [{ containerPort: 80 }] }]')}`,
    invalid: `${deployment('a', 'containers: [{ name: c, image: x }]')}${deployment('b', 'containers: [{ name: c, image: x, ports: [{ containerPort: 80 }] }]')}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: app }
spec: { podSelector: {}, policyTypes: [Ingress] }
`,
  },
  {
    technique: 'IDENTITY_ASSUME',
    from: W,
    to: SA,
    valid: sa() + deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      deployment(
        'w',
        'serviceAccountName: sa\nautomountServiceAccountToken: false\ncontainers: [{ name: c, image: x }]',
      ),
  },
  {
    technique: 'IDENTITY_ASSUME',
    from: W,
    to: SA,
    valid:
      sa(', annotations: {}') +
      deployment(
        'w',
        'serviceAccountName: sa\nautomountServiceAccountToken: true\ncontainers: [{ name: c, image: x }]',
      ),
    invalid: `apiVersion: v1
kind: ServiceAccount
metadata: { name: sa, namespace: app }
automountServiceAccountToken: false
---
${deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]')}`,
  },
  {
    technique: 'TOKEN_STEAL',
    from: 'Node:*',
    to: SA,
    valid: sa() + deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      deployment(
        'w',
        'serviceAccountName: sa\nautomountServiceAccountToken: false\ncontainers: [{ name: c, image: x }]',
      ),
  },
  {
    technique: 'TOKEN_STEAL',
    from: 'Node:n2',
    to: SA,
    valid: `apiVersion: v1
kind: Node
metadata: { name: n1 }
---
apiVersion: v1
kind: Node
metadata: { name: n2 }
---
${sa()}${deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]')}`,
    invalid: `apiVersion: v1
kind: Node
metadata: { name: n1 }
---
apiVersion: v1
kind: Node
metadata: { name: n2 }
spec: { taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }
---
${sa()}${deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]')}`,
  },
  {
    technique: 'CE_PRIV_MOUNT',
    from: W,
    to: 'Node:*',
    valid: deployment('w', c('{ privileged: true }')),
    invalid: deployment('w', c('{ privileged: false }')),
  },
  {
    technique: 'CE_NSENTER',
    from: W,
    to: 'Node:*',
    valid: deployment('w', 'hostPID: true\n' + c('{ privileged: true }')),
    invalid: deployment('w', c('{ privileged: true }')),
  },
  {
    technique: 'CE_MODULE_LOAD',
    from: W,
    to: 'Node:*',
    valid: deployment('w', c('{ capabilities: { add: [SYS_MODULE] } }')),
    invalid: deployment('w', c('{ capabilities: { add: [NET_BIND_SERVICE] } }')),
  },
  {
    technique: 'CE_SYS_PTRACE',
    from: W,
    to: 'Node:*',
    valid: deployment('w', 'hostPID: true\n' + c('{ capabilities: { add: [SYS_PTRACE, SYS_ADMIN] } }')),
    invalid: deployment('w', 'hostPID: true\n' + c('{ capabilities: { add: [SYS_PTRACE] } }')),
  },
  {
    technique: 'CE_SYS_PTRACE',
    from: W,
    to: 'Node:*',
    settings: { kubernetesMinor: 31 },
    valid: deployment(
      'w',
      'hostPID: true\n' +
        c('{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_PTRACE, SYS_ADMIN] } }'),
    ),
    invalid: deployment('w', 'hostPID: true\n' + c('{ capabilities: { add: [SYS_PTRACE, SYS_ADMIN] } }')),
  },
  {
    technique: 'CE_UMH_CORE_PATTERN',
    from: W,
    to: 'Node:*',
    valid: deployment(
      'w',
      `volumes: [{ name: h, hostPath: { path: /proc/sys/kernel } }]\n${c('{ runAsUser: 0 }', '[{ name: h, mountPath: /h }]')}`,
    ),
    invalid: deployment(
      'w',
      `volumes: [{ name: h, hostPath: { path: /proc/sys/kernel } }]\n${c('{}', '[{ name: h, mountPath: /h }]')}`,
    ),
  },
  {
    technique: 'EXPLOIT_HOST_WRITE',
    from: W,
    to: 'Node:*',
    valid: deployment('w', hostPath('/etc')),
    invalid: deployment('w', hostPath('/tmp/cache')),
  },
  {
    technique: 'EXPLOIT_HOST_READ',
    from: W,
    to: 'Node:*',
    valid: deployment('w', hostPath('/root/.ssh', true)),
    invalid: deployment('w', hostPath('/etc/machine-id', true)),
  },
  {
    technique: 'EXPLOIT_HOST_TRAVERSE',
    from: W,
    to: 'ServiceAccount:app/victim',
    valid:
      deployment('w', hostPath('/var/lib/kubelet', true)) +
      deployment('v', 'serviceAccountName: victim\ncontainers: [{ name: c, image: x }]'),
    invalid:
      deployment('w', hostPath('/var/log', true)) +
      deployment('v', 'serviceAccountName: victim\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'EXPLOIT_CONTAINERD_SOCK',
    from: W,
    to: 'Node:*',
    valid: deployment('w', hostPath('/run/containerd/containerd.sock', true)),
    invalid: deployment('w', hostPath('/run/flannel', true)),
  },
  {
    technique: 'CE_VAR_LOG_SYMLINK',
    from: W,
    to: 'Node:*',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/log], verbs: [get] }]') +
      deployment('w', 'serviceAccountName: sa\n' + hostPath('/var/log')),
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods], verbs: [get] }]') +
      deployment('w', 'serviceAccountName: sa\n' + hostPath('/var/log')),
  },
  {
    technique: 'HOST_PID_TOKEN_STEAL',
    from: W,
    to: 'ServiceAccount:app/victim',
    valid:
      deployment('w', 'hostPID: true\ncontainers: [{ name: c, image: x }]') +
      deployment('v', 'serviceAccountName: victim\ncontainers: [{ name: c, image: x }]'),
    invalid:
      deployment('w', 'hostPID: true\nsecurityContext: { runAsNonRoot: true }\ncontainers: [{ name: c, image: x }]') +
      deployment('v', 'serviceAccountName: victim\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'ROLE_BIND',
    from: SA,
    to: 'ClusterAdmin',
    valid:
      sa() +
      role(
        '[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]',
      ),
    invalid:
      sa() + role('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }]'),
  },
  {
    technique: 'ROLE_ESCALATE',
    from: SA,
    to: 'ClusterAdmin',
    valid:
      sa() +
      role('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, update, get] }]'),
    invalid:
      sa() + role('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [update, get] }]'),
  },
  {
    technique: 'IMPERSONATE',
    from: SA,
    to: 'ClusterAdmin',
    valid: sa() + role('[{ apiGroups: [""], resources: [groups], verbs: [impersonate] }]'),
    invalid: sa() + role('[{ apiGroups: [""], resources: [groups], verbs: [get] }]'),
  },
  {
    technique: 'RBAC_WILDCARD',
    from: SA,
    to: 'ClusterAdmin',
    valid: sa() + role('[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'),
    invalid: sa() + role('[{ apiGroups: ["*"], resources: ["*"], verbs: [get] }]'),
  },
  {
    technique: 'POD_CREATE',
    from: SA,
    to: 'Node:*',
    valid: NS('app') + sa() + role('[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]', 'Role', 'app'),
    invalid:
      NS('app', 'pod-security.kubernetes.io/enforce: baseline') +
      sa() +
      role('[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]', 'Role', 'app'),
  },
  {
    technique: 'CREATE_POD_WITH_SA',
    from: SA,
    to: 'ServiceAccount:app/target',
    valid:
      NS('app', 'pod-security.kubernetes.io/enforce: restricted') +
      sa() +
      target +
      role('[{ apiGroups: [""], resources: [pods], verbs: [create] }]', 'Role', 'app'),
    invalid:
      NS('app') + sa() + target + role('[{ apiGroups: [""], resources: [pods], verbs: [create] }]', 'Role', 'other'),
  },
  {
    technique: 'POD_EXEC',
    from: SA,
    to: 'Workload:app/Deployment/v',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]', 'Role', 'app') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/log], verbs: [get] }]', 'Role', 'app') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
  },
  {
    technique: 'POD_ATTACH',
    from: SA,
    to: 'Workload:app/Deployment/v',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/attach], verbs: [create] }]', 'Role', 'app') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/attach], verbs: [create] }]', 'Role', 'other') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
  },
  {
    technique: 'POD_EPHEMERAL',
    from: SA,
    to: 'Workload:app/Deployment/v',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [patch] }]', 'Role', 'app') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [get] }]', 'Role', 'app') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
  },
  {
    technique: 'NODES_PROXY',
    from: SA,
    to: 'Workload:app/Deployment/v',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }]') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [nodes], verbs: [get] }]') +
      deployment('v', 'containers: [{ name: c, image: x }]'),
  },
  {
    technique: 'TOKEN_CREATE',
    from: SA,
    to: 'ServiceAccount:app/target',
    valid:
      sa() + target + role('[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }]', 'Role', 'app'),
    invalid:
      sa() +
      target +
      role(
        '[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create], resourceNames: [other] }]',
        'Role',
        'app',
      ),
  },
  {
    technique: 'TOKEN_LIST',
    from: SA,
    to: 'ServiceAccount:app/target',
    valid:
      sa() +
      target +
      role('[{ apiGroups: [""], resources: [secrets], verbs: [list] }]', 'Role', 'app') +
      `apiVersion: v1
kind: Secret
metadata: { name: t, namespace: app, annotations: { kubernetes.io/service-account.name: target } }
type: kubernetes.io/service-account-token
`,
    invalid: sa() + target + role('[{ apiGroups: [""], resources: [secrets], verbs: [list] }]', 'Role', 'app'),
  },
  {
    technique: 'SECRET_READ',
    from: SA,
    to: 'Secret:kube-system/k',
    valid:
      sa() +
      role('[{ apiGroups: [""], resources: [secrets], verbs: [get] }]') +
      `apiVersion: v1
kind: Secret
metadata: { name: k, namespace: kube-system }
`,
    invalid:
      sa() +
      role('[{ apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [other] }]') +
      `apiVersion: v1
kind: Secret
metadata: { name: k, namespace: kube-system }
`,
  },
  {
    technique: 'PSA_BYPASS',
    from: SA,
    to: 'Node:*',
    valid:
      NS('app', 'pod-security.kubernetes.io/enforce: restricted') +
      sa() +
      role(
        '[{ apiGroups: [""], resources: [pods], verbs: [create] }, { apiGroups: [""], resources: [namespaces], verbs: [patch] }]',
      ),
    invalid:
      NS('app', 'pod-security.kubernetes.io/enforce: restricted') +
      sa() +
      role('[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
  },
  {
    technique: 'SYSTEM_MASTERS',
    from: 'Group:system:masters',
    to: 'ClusterAdmin',
    valid: '',
    invalid: '',
  },
  {
    technique: 'IRSA_ASSUME_ROLE',
    from: SA,
    to: 'CloudIdentity:aws:arn:aws:iam::1:role/x',
    valid: sa(', annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x" }'),
    invalid: sa(', annotations: { eks.amazonaws.com/other: "arn:aws:iam::1:role/x" }'),
  },
  {
    technique: 'GKE_WORKLOAD_IDENTITY',
    from: SA,
    to: 'CloudIdentity:gcp:g@p.iam.gserviceaccount.com',
    valid: sa(', annotations: { iam.gke.io/gcp-service-account: g@p.iam.gserviceaccount.com }'),
    invalid: sa(),
  },
  {
    technique: 'AZURE_WORKLOAD_IDENTITY',
    from: W,
    to: 'CloudIdentity:azure:cid',
    valid:
      sa(', annotations: { azure.workload.identity/client-id: cid }') +
      deployment(
        'w',
        'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]',
        'app',
        ', azure.workload.identity/use: "true"',
      ),
    invalid:
      sa(', annotations: { azure.workload.identity/client-id: cid }') +
      deployment('w', 'serviceAccountName: sa\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'EKS_POD_IDENTITY',
    from: SA,
    to: 'CloudIdentity:aws:arn:aws:iam::1:role/p',
    valid: `apiVersion: eks.services.k8s.aws/v1alpha1
kind: PodIdentityAssociation
metadata: { name: p, namespace: app }
spec: { clusterName: c, namespace: app, serviceAccount: sa, roleARN: "arn:aws:iam::1:role/p" }
`,
    invalid: sa(),
  },
  {
    technique: 'IMDS_NODE_ROLE',
    from: W,
    to: 'CloudIdentity:aws:arn:aws:iam::1:role/node',
    settings: { nodeIdentity: 'CloudIdentity:aws:arn:aws:iam::1:role/node' },
    valid: deployment('w', 'containers: [{ name: c, image: x }]'),
    invalid:
      deployment('w', 'containers: [{ name: c, image: x }]') +
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: app }
spec: { podSelector: {}, policyTypes: [Egress] }
`,
  },
  {
    technique: 'AWS_AUTH_MAP',
    from: 'CloudIdentity:aws:arn:aws:iam::1:role/admin',
    to: 'Group:system:masters',
    valid: `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::1:role/admin
      username: admin
      groups: [system:masters]
`,
    invalid: `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::1:role/other
      username: admin
      groups: [system:masters]
`,
  },
  {
    technique: 'POD_PATCH',
    from: SA,
    to: 'ServiceAccount:app/target',
    valid:
      sa() +
      target +
      role('[{ apiGroups: [""], resources: [pods], verbs: [patch] }]', 'Role', 'app') +
      deployment('v', 'serviceAccountName: target\ncontainers: [{ name: c, image: x }]'),
    invalid:
      sa() +
      target +
      role('[{ apiGroups: [""], resources: [pods], verbs: [get] }]', 'Role', 'app') +
      deployment('v', 'serviceAccountName: target\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'TOKEN_SECRET_CREATE',
    from: SA,
    to: 'ServiceAccount:app/target',
    valid: sa() + target + role('[{ apiGroups: [""], resources: [secrets], verbs: [create, get] }]', 'Role', 'app'),
    invalid:
      sa() + target + role('[{ apiGroups: [""], resources: [configmaps], verbs: [create, get] }]', 'Role', 'app'),
  },
  {
    technique: 'CSR_APPROVE',
    from: SA,
    to: 'ClusterAdmin',
    valid:
      sa() +
      role(
        '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get] }, { apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }, { apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve] }]',
      ),
    invalid:
      sa() + role('[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create] }]'),
  },
  {
    technique: 'WEBHOOK_CONTROL',
    from: SA,
    to: 'ClusterAdmin',
    valid:
      sa() +
      role(
        '[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create, update, patch] }]',
      ),
    invalid:
      sa() +
      role('[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get] }]'),
  },
  {
    technique: 'AWS_AUTH_EDIT',
    from: SA,
    to: 'ClusterAdmin',
    valid:
      sa(', annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x" }') +
      role('[{ apiGroups: [""], resources: [configmaps], verbs: [update, patch, get] }]', 'Role', 'kube-system'),
    invalid:
      sa(', annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x" }') +
      role('[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]', 'Role', 'kube-system'),
  },
  ...MORE_CASES,
];

for (const k of CASES) {
  test(`${k.technique}: ${k.from} -> ${k.to}`, async () => {
    const valid = await graphOf(k.valid, k.settings);
    assert.ok(
      hasEdge(valid, k.from, k.technique, k.to),
      `expected ${k.technique} edge; got ${valid.edges
        .filter((e) => e.technique === k.technique)
        .map((e) => `${e.from}->${e.to}`)
        .join(', ')}`,
    );
    const edge = valid.out(k.from).find((e) => e.technique === k.technique && e.to === k.to)!;
    assert.ok(edge.because.length > 0);
    if (k.invalid !== '' || k.valid !== '') {
      const invalid = await graphOf(k.invalid, k.settings);
      assert.ok(!hasEdge(invalid, k.from, k.technique, k.to), `unexpected ${k.technique} edge: ${edge.because}`);
    }
  });
}

test('every technique has metadata and a test case', () => {
  const tested = new Set(CASES.map((k) => k.technique));
  for (const t of TECHNIQUES) {
    assert.match(t.id, /^[A-Z][A-Z0-9_]*$/);
    assert.match(t.mitre, /^T\d{4}/);
    assert.ok(t.docs.length > 20 && t.title.length > 0);
    assert.ok(t.difficulty >= 0 && t.difficulty <= 1);
    assert.ok(tested.has(t.id), `no test case for ${t.id}`);
  }
});
