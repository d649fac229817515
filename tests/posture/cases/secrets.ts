/** Valid and invalid cases of the service-account and credential checks (CKP-6xx). */

import { fakeCredentials } from '../fake-credentials.js';
import {
  clusterRoleBinding,
  deployment,
  object,
  pod,
  serviceAccount,
  subjectSA,
  withContainer,
  type CaseTable,
} from '../fixtures.js';

const mounted = { automountServiceAccountToken: undefined };
const token = fakeCredentials(42).find((c) => c.kind === 'github-token')!;
const password = fakeCredentials(42).find((c) => c.kind === 'generic-secret')!;

export const SECRETS_CASES: CaseTable = {
  'CKP-601': {
    valid: [
      { name: 'automount false on the pod', objects: [withContainer({}), serviceAccount('app')] },
      {
        name: 'false on the service account',
        objects: [withContainer({}, mounted), serviceAccount('app', 'shop', { automountServiceAccountToken: false })],
      },
      {
        name: 'the account is bound to a role (the token is used)',
        objects: [
          withContainer({}, mounted),
          serviceAccount('app'),
          clusterRoleBinding('app', 'view', [subjectSA('app')]),
        ],
      },
      {
        name: 'the default account is CKP-602',
        objects: [withContainer({}, { ...mounted, serviceAccountName: undefined })],
      },
      { name: 'static pod', objects: [pod(mounted, { annotations: { 'kubernetes.io/config.mirror': 'x' } })] },
    ],
    invalid: [
      { name: 'mounted and unbound', objects: [withContainer({}, mounted), serviceAccount('app')] },
      {
        name: 'pod true overrides account false',
        objects: [
          withContainer({}, { automountServiceAccountToken: true }),
          serviceAccount('app', 'shop', { automountServiceAccountToken: false }),
        ],
      },
    ],
  },
  'CKP-602': {
    valid: [
      { name: 'dedicated account', objects: [withContainer({}, mounted)] },
      {
        name: 'default account without its token',
        objects: [withContainer({}, { serviceAccountName: undefined, automountServiceAccountToken: false })],
      },
    ],
    invalid: [
      {
        name: 'default account, token mounted',
        objects: [withContainer({}, { serviceAccountName: undefined, automountServiceAccountToken: undefined })],
      },
      {
        name: 'named default explicitly',
        objects: [withContainer({}, { serviceAccountName: 'default', automountServiceAccountToken: true })],
      },
    ],
  },
  'CKP-603': {
    valid: [
      { name: 'account defined', objects: [withContainer({}), serviceAccount('app')] },
      { name: 'no account in the input at all (partial manifests)', objects: [withContainer({})] },
    ],
    invalid: [{ name: 'another account defined, not this one', objects: [withContainer({}), serviceAccount('other')] }],
  },
  'CKP-604': {
    valid: [
      {
        name: 'same value in both (as the API server writes it)',
        objects: [withContainer({}, { serviceAccount: 'app' })],
      },
    ],
    invalid: [
      {
        name: 'only the deprecated field',
        objects: [withContainer({}, { serviceAccountName: undefined, serviceAccount: 'app' })],
      },
      { name: 'the two disagree', objects: [withContainer({}, { serviceAccount: 'admin' })], message: /disagrees/ },
    ],
  },
  'CKP-605': {
    valid: [
      {
        name: 'secret mounted as a volume',
        objects: [
          withContainer(
            { volumeMounts: [{ name: 's', mountPath: '/s' }] },
            { volumes: [{ name: 's', secret: { secretName: 'db' } }] },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'secretKeyRef',
        objects: [
          withContainer({
            env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          }),
        ],
        message: /DB_PASSWORD/,
      },
      {
        name: 'envFrom secretRef',
        objects: [withContainer({ envFrom: [{ secretRef: { name: 'db' } }] })],
        message: /all of Secret db/,
      },
    ],
  },
  'CKP-606': {
    valid: [
      {
        name: 'Opaque Secret',
        objects: [object('v1', 'Secret', { name: 's', namespace: 'shop' }, { type: 'Opaque', data: {} })],
      },
    ],
    invalid: [
      {
        name: 'service-account-token Secret',
        objects: [
          object(
            'v1',
            'Secret',
            { name: 'tok', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'ci' } },
            { type: 'kubernetes.io/service-account-token' },
          ),
        ],
        message: /service account ci/,
      },
    ],
  },
  'CKP-610': {
    valid: [
      { name: 'placeholder', objects: [withContainer({ env: [{ name: 'DB_PASSWORD', value: 'changeme' }] })] },
      {
        name: 'from a Secret',
        objects: [
          withContainer({ env: [{ name: 'GH_TOKEN', valueFrom: { secretKeyRef: { name: 'gh', key: 'token' } } }] }),
        ],
      },
    ],
    invalid: [
      {
        name: 'GitHub token',
        objects: [withContainer({ env: [{ name: 'GH_TOKEN', value: token.value }] })],
        message:
          /^GitHub token, fingerprint sha256:[0-9a-f]{12} \(spec\.template\.spec\.containers\[0\]\.env\[0\]\.value\)$/,
      },
    ],
  },
  'CKP-611': {
    valid: [
      { name: 'flags without secrets', objects: [withContainer({ args: ['--port=8080', '--log-level=debug'] })] },
    ],
    invalid: [
      {
        name: '--password=...',
        objects: [withContainer({ args: [`--password=${password.value}`] })],
        message: /hard-coded secret under password/,
      },
      {
        name: 'in a shell command',
        objects: [
          withContainer({
            command: ['/bin/sh', '-c', `curl -H "Authorization: token ${token.value}" https://api.github.com`],
          }),
        ],
      },
    ],
  },
  'CKP-612': {
    valid: [
      {
        name: 'plain config',
        objects: [
          object(
            'v1',
            'ConfigMap',
            { name: 'c', namespace: 'shop' },
            { data: { 'app.yaml': 'port: 8080\nlog: info\n' } },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'password in a config file',
        objects: [
          object(
            'v1',
            'ConfigMap',
            { name: 'c', namespace: 'shop' },
            { data: { 'app.yaml': `db:\n  password: ${password.value}\n` } },
          ),
        ],
      },
    ],
  },
  'CKP-613': {
    valid: [
      {
        name: 'ordinary annotations',
        objects: [
          deployment(
            {},
            { annotations: { 'example.com/owner': 'team-shop', 'deployment.kubernetes.io/revision': '3' } },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'token in an annotation',
        objects: [deployment({}, { annotations: { 'example.com/deploy-token': token.value } })],
      },
    ],
  },
  'CKP-614': {
    valid: [
      {
        name: 'non-secret settings in a Secret',
        objects: [
          object(
            'v1',
            'Secret',
            { name: 's', namespace: 'shop' },
            { stringData: { username: 'shop', host: 'db.internal' } },
          ),
        ],
      },
      {
        name: 'a TLS key in a TLS Secret',
        objects: [
          object(
            'v1',
            'Secret',
            { name: 't', namespace: 'shop' },
            {
              type: 'kubernetes.io/tls',
              stringData: { 'tls.key': fakeCredentials(43).find((c) => c.kind === 'private-key')!.value },
            },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'static token',
        objects: [object('v1', 'Secret', { name: 's', namespace: 'shop' }, { stringData: { GH_TOKEN: token.value } })],
      },
    ],
  },
};
