import { randomBytes } from 'node:crypto';
import { fingerprint } from '../../../src/posture/secrets/entropy.js';
import type { GraphSettings } from '../../../src/graph/index.js';
import { deployment } from '../build.js';

/** A technique test case: the valid manifest makes the edge, the invalid one does not. */
export interface Case {
  technique: string;
  from: string;
  to: string;
  valid: string;
  invalid: string;
  settings?: Partial<GraphSettings>;
}

const NS = (name: string, level?: string): string => `apiVersion: v1
kind: Namespace
metadata: { name: ${name}${level ? `, labels: { pod-security.kubernetes.io/enforce: ${level} }` : ''} }
---
`;
export const SA = (name: string, ns = 'app'): string => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${ns} }
---
`;
const bind = (
  kind: 'Role' | 'ClusterRole',
  name: string,
  rules: string,
  subject: string,
  ns = '',
): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}${ns ? `, namespace: ${ns}` : ''} }
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}Binding
metadata: { name: ${name}${ns ? `, namespace: ${ns}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${name} }
subjects: [${subject}]
---
`;
const ATTACKER = '{ kind: ServiceAccount, name: sa, namespace: app }';
const NODE = (name: string): string => `apiVersion: v1
kind: Node
metadata: { name: ${name} }
---
`;

const b64url = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A service account token shaped like the API server's (random signature: only its claims are read). */
export const jwt = (sub: string, exp?: number): string =>
  `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url({ iss: 'kubernetes/serviceaccount', sub, ...(exp ? { exp } : {}) })}.${randomBytes(32).toString('base64url')}`;

/** A random AWS access key, made at run time so that no key-shaped string sits in the repository. */
function awsKey(): { id: string; secret: string } {
  const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = 'AKIA' + [...randomBytes(16)].map((b) => b32[b % 32]).join('');
  let secret = '';
  while (!/[0-9]/.test(secret) || !/[a-z]/.test(secret) || !/[A-Z]/.test(secret)) {
    secret = randomBytes(30).toString('base64').replace(/[+/=]/g, 'x').slice(0, 40);
  }
  return { id, secret };
}
const KEY = awsKey();
export const AWS_IDENTITY = `CloudIdentity:aws:access-key/${fingerprint(KEY.id)}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
export const awsSecret = (withSecret: boolean): string => `apiVersion: v1
kind: Secret
metadata: { name: aws, namespace: app }
data:
  AWS_ACCESS_KEY_ID: ${b64(KEY.id)}
${withSecret ? `  AWS_SECRET_ACCESS_KEY: ${b64(KEY.secret)}\n` : ''}---
`;

/** A self-signed certificate for CN=alice, O=dev-team, O=system:masters (public material; no key). */
const CERT =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ6akNDQVhXZ0F3SUJBZ0lVVGorQ2VsOTBJRmlpT1VGQm9VVmJ4Y2NaVXNz' +
  'd0NnWUlLb1pJemowRUF3SXcKUERFUk1BOEdBMVVFQ2d3SVpHVjJMWFJsWVcweEZ6QVZCZ05WQkFvTURuTjVjM1JsYlRwdFlYTjBa' +
  'WEp6TVE0dwpEQVlEVlFRRERBVmhiR2xqWlRBZ0Z3MHlOakV4TWpreE9UTXdORE5hR0E4eU1USTJNVEV3TlRFNU16QTBNMW93ClBE' +
  'RVJNQThHQTFVRUNnd0laR1YyTFhSbFlXMHhGekFWQmdOVkJBb01Ebk41YzNSbGJUcHRZWE4wWlhKek1RNHcKREFZRFZRUUREQVZo' +
  'YkdsalpUQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJOU3hENzRSa1c0dwpTcnZVVm9pbnlnNyttV1JqSGRGRVUr' +
  'Tm1pcXlFZ3NOQ29LRDNQVjVaWEFxVFkvOXBqYkNlbjdyb2Y0TGs5OXFmCkc5M3ZSbmdPV2h1alV6QlJNQjBHQTFVZERnUVdCQlRL' +
  'OXdmbkxzUnJscll4ZWdHbnRPbFNSYmMwb2pBZkJnTlYKSFNNRUdEQVdnQlRLOXdmbkxzUnJscll4ZWdHbnRPbFNSYmMwb2pBUEJn' +
  'TlZIUk1CQWY4RUJUQURBUUgvTUFvRwpDQ3FHU000OUJBTUNBMGNBTUVRQ0lDT0RZY2pYTDNzQUxZemFlSm5OcW5VekRQSytTV0hF' +
  'emFua0JNSmkzaWdWCkFpQm84QVdYT21zcFYvM2N5Y2NRVWs3TUxwN1JTTFhkc2R4VkFTSklRbXNnYkE9PQotLS0tLUVORCBDRVJU' +
  'SUZJQ0FURS0tLS0tCg==';
const kubeconfig = (withKey: boolean): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    'users:',
    '- name: alice',
    '  user:',
    `    client-certificate-data: ${CERT}`,
    ...(withKey ? [`    client-key-data: ${randomBytes(48).toString('base64')}`] : []),
  ].join('\n');
const kubeconfigSecret = (withKey: boolean): string => `apiVersion: v1
kind: Secret
metadata: { name: kc, namespace: app }
data:
  config: ${b64(kubeconfig(withKey))}
---
`;

const W = 'Workload:app/Deployment/w';

/** CREATE_PV's grants to the attacker: volumes cluster-wide, claims and pods in its namespace. */
const CREATE_PVS = bind(
  'ClusterRole',
  'pv',
  '[{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }]',
  ATTACKER,
);
const CREATE_CLAIMS_AND_PODS = bind(
  'Role',
  'pvc',
  '[{ apiGroups: [""], resources: [persistentvolumeclaims, pods], verbs: [create] }]',
  ATTACKER,
  'app',
);

export const MORE_CASES: Case[] = [
  {
    technique: 'CREATE_PV',
    from: 'ServiceAccount:app/sa',
    to: 'Node:*',
    valid: NS('app', 'baseline') + SA('sa') + CREATE_PVS + CREATE_CLAIMS_AND_PODS,
    invalid: NS('app', 'restricted') + SA('sa') + CREATE_PVS + CREATE_CLAIMS_AND_PODS,
  },
  {
    technique: 'CREATE_PV',
    from: 'ServiceAccount:app/sa',
    to: 'Node:*',
    valid: NS('app', 'baseline') + SA('sa') + CREATE_PVS + CREATE_CLAIMS_AND_PODS,
    // Without the claim there is no way to mount the volume.
    invalid:
      NS('app', 'baseline') +
      SA('sa') +
      CREATE_PVS +
      bind('Role', 'pvc', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]', ATTACKER, 'app'),
  },
  {
    technique: 'HOST_IPC',
    from: 'Workload:app/Deployment/a',
    to: 'Workload:app/Deployment/b',
    valid:
      deployment('a', 'hostIPC: true\ncontainers: [{ name: c, image: x }]') +
      deployment('b', 'hostIPC: true\ncontainers: [{ name: c, image: x }]'),
    invalid:
      deployment('a', 'hostIPC: true\ncontainers: [{ name: c, image: x }]') +
      deployment('b', 'containers: [{ name: c, image: x }]'),
  },
  {
    technique: 'HOST_IPC',
    from: 'Workload:app/Deployment/a',
    to: 'Workload:app/Deployment/b',
    valid:
      NODE('n1') +
      NODE('n2') +
      deployment('a', 'hostIPC: true\nnodeName: n1\ncontainers: [{ name: c, image: x }]') +
      deployment('b', 'hostIPC: true\ncontainers: [{ name: c, image: x }]'),
    // Never on the same node.
    invalid:
      NODE('n1') +
      NODE('n2') +
      deployment('a', 'hostIPC: true\nnodeName: n1\ncontainers: [{ name: c, image: x }]') +
      deployment('b', 'hostIPC: true\nnodeName: n2\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'NODE_IDENTITY',
    from: 'Node:n1',
    to: 'Group:system:nodes',
    valid:
      NODE('n1') +
      bind(
        'ClusterRole',
        'nodes-read',
        '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
        '{ kind: Group, name: system:nodes }',
      ),
    invalid: NODE('n1'),
  },
  {
    technique: 'NODE_IDENTITY',
    from: 'Node:n1',
    to: 'User:system:node:n1',
    valid:
      NODE('n1') +
      bind(
        'ClusterRole',
        'n1',
        '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
        '{ kind: User, name: system:node:n1 }',
      ),
    invalid:
      NODE('n1') +
      bind(
        'ClusterRole',
        'n1',
        '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
        '{ kind: User, name: system:node:n2 }',
      ),
  },
  {
    technique: 'STATIC_CREDENTIAL',
    from: W,
    to: 'ServiceAccount:app/target',
    valid:
      SA('target') +
      deployment(
        'w',
        `containers: [{ name: c, image: x, env: [{ name: KUBE_TOKEN, value: "${jwt('system:serviceaccount:app:target')}" }] }]`,
      ),
    // Expired: the token no longer authenticates.
    invalid:
      SA('target') +
      deployment(
        'w',
        `containers: [{ name: c, image: x, env: [{ name: KUBE_TOKEN, value: "${jwt('system:serviceaccount:app:target', 1_000_000)}" }] }]`,
      ),
  },
  {
    technique: 'STATIC_CREDENTIAL',
    from: W,
    to: AWS_IDENTITY,
    valid:
      awsSecret(true) +
      deployment(
        'w',
        'volumes: [{ name: s, secret: { secretName: aws } }]\ncontainers: [{ name: c, image: x, volumeMounts: [{ name: s, mountPath: /aws }] }]',
      ),
    // A key ID without its secret is no credential.
    invalid:
      awsSecret(false) +
      deployment(
        'w',
        'volumes: [{ name: s, secret: { secretName: aws } }]\ncontainers: [{ name: c, image: x, volumeMounts: [{ name: s, mountPath: /aws }] }]',
      ),
  },
  {
    technique: 'STATIC_CREDENTIAL',
    from: W,
    to: AWS_IDENTITY,
    valid:
      awsSecret(true) + deployment('w', 'containers: [{ name: c, image: x, envFrom: [{ secretRef: { name: aws } }] }]'),
    // The volume is declared but no container mounts it.
    invalid:
      awsSecret(true) +
      deployment('w', 'volumes: [{ name: s, secret: { secretName: aws } }]\ncontainers: [{ name: c, image: x }]'),
  },
  {
    technique: 'STATIC_CREDENTIAL',
    from: 'Secret:app/kc',
    to: 'Group:system:masters',
    valid: kubeconfigSecret(true),
    // A certificate without its key cannot authenticate.
    invalid: kubeconfigSecret(false),
  },
  {
    technique: 'STATIC_CREDENTIAL',
    from: 'Node:*',
    to: 'User:alice',
    valid:
      kubeconfigSecret(true) +
      deployment(
        'w',
        'containers: [{ name: c, image: x, env: [{ name: KUBECONFIG_DATA, valueFrom: { secretKeyRef: { name: kc, key: config } } }] }]',
      ),
    invalid:
      kubeconfigSecret(true) +
      deployment(
        'w',
        'containers: [{ name: c, image: x, env: [{ name: KUBECONFIG_DATA, valueFrom: { secretKeyRef: { name: kc, key: other } } }] }]',
      ),
  },
  {
    technique: 'SECRET_READ',
    from: 'ServiceAccount:app/sa',
    to: 'Secret:app/aws',
    valid:
      SA('sa') +
      awsSecret(true) +
      bind('Role', 'read', '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]', ATTACKER, 'app'),
    invalid:
      SA('sa') +
      awsSecret(false) +
      bind('Role', 'read', '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]', ATTACKER, 'app'),
  },
  {
    technique: 'EKS_ACCESS_ENTRY',
    from: 'CloudIdentity:aws:arn:aws:iam::1:role/dev',
    to: 'Group:devs',
    valid: `apiVersion: eks.services.k8s.aws/v1alpha1
kind: AccessEntry
metadata: { name: dev, namespace: infra }
spec: { clusterName: c, principalARN: "arn:aws:iam::1:role/dev", kubernetesGroups: [devs] }
`,
    invalid: `apiVersion: eks.services.k8s.aws/v1alpha1
kind: AccessEntry
metadata: { name: dev, namespace: infra }
spec: { clusterName: c, principalARN: "arn:aws:iam::1:role/dev", type: EC2_LINUX, kubernetesGroups: [devs] }
`,
  },
  {
    technique: 'EKS_ACCESS_ENTRY',
    from: 'CloudIdentity:aws:arn:aws:iam::1:role/admin',
    to: 'ClusterAdmin',
    valid: `apiVersion: eks.services.k8s.aws/v1alpha1
kind: AccessEntry
metadata: { name: admin, namespace: infra }
spec:
  clusterName: c
  principalARN: "arn:aws:iam::1:role/admin"
  accessPolicies:
    - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
      accessScope: { type: cluster }
`,
    invalid: `apiVersion: eks.services.k8s.aws/v1alpha1
kind: AccessEntry
metadata: { name: admin, namespace: infra }
spec:
  clusterName: c
  principalARN: "arn:aws:iam::1:role/admin"
  accessPolicies:
    - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
      accessScope: { type: namespace, namespaces: [app] }
`,
  },
  {
    technique: 'EKS_ACCESS_ENTRY',
    from: 'CloudIdentity:aws:arn:aws:iam::1:role/ops',
    to: 'ServiceAccount:app/target',
    settings: {
      accessEntries: [
        {
          principalArn: 'arn:aws:iam::1:role/ops',
          accessPolicies: [
            {
              policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
              accessScope: { type: 'namespace', namespaces: ['ap*'] },
            },
          ],
        },
      ],
    },
    valid:
      SA('target') +
      bind(
        'Role',
        'v',
        '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]',
        '{ kind: ServiceAccount, name: target, namespace: app }',
        'app',
      ),
    invalid:
      SA('target', 'other') +
      SA('target') +
      bind(
        'Role',
        'v',
        '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]',
        '{ kind: ServiceAccount, name: target, namespace: other }',
        'other',
      ),
  },
];
