/** Valid and invalid cases of the image, resource and probe checks (CKP-3xx). */

import { container, deployment, namespace, object, pod, service, withContainer, type CaseTable } from '../fixtures.js';

const noResources = { resources: undefined };

export const IMAGES_CASES: CaseTable = {
  'CKP-301': {
    valid: [
      { name: 'version tag', objects: [withContainer({})] },
      { name: 'latest pinned by digest', objects: [withContainer({ image: `nginx:latest@sha256:${'a'.repeat(64)}` })] },
      { name: 'registry with a port, tagged', objects: [withContainer({ image: 'localhost:5000/app:1.0' })] },
    ],
    invalid: [
      { name: 'latest', objects: [withContainer({ image: 'nginx:latest' })], message: /tagged latest/ },
      {
        name: 'no tag (registry port is not a tag)',
        objects: [withContainer({ image: 'localhost:5000/app' })],
        message: /no tag/,
      },
    ],
  },
  'CKP-302': {
    valid: [
      { name: 'Always', objects: [withContainer({ imagePullPolicy: 'Always' })] },
      { name: 'latest with no policy defaults to Always', objects: [withContainer({ image: 'nginx' })] },
      {
        name: 'digest-pinned',
        objects: [withContainer({ image: `nginx@sha256:${'b'.repeat(64)}`, imagePullPolicy: 'IfNotPresent' })],
      },
    ],
    invalid: [
      { name: 'IfNotPresent', objects: [withContainer({ imagePullPolicy: 'IfNotPresent' })] },
      { name: 'version tag with no policy (IfNotPresent)', objects: [withContainer({})] },
    ],
  },
  'CKP-303': {
    valid: [
      { name: 'digest', objects: [withContainer({ image: `registry.example.com/app@sha256:${'c'.repeat(64)}` })] },
    ],
    invalid: [{ name: 'tag only', objects: [withContainer({})] }],
  },
  'CKP-304': {
    valid: [{ name: 'registry.k8s.io', objects: [withContainer({ image: 'registry.k8s.io/pause:3.9' })] }],
    invalid: [{ name: 'k8s.gcr.io', objects: [withContainer({ image: 'k8s.gcr.io/pause:3.2' })] }],
  },
  'CKP-305': {
    valid: [
      { name: 'no allow list configured', objects: [withContainer({ image: 'evil.example.net/x:1' })] },
      {
        name: 'allowed host and path prefix',
        objects: [withContainer({}), withContainer({ image: 'ghcr.io/acme/tool:1' }, {}, { name: 'tool' })],
        options: { allowedRegistries: ['registry.example.com', 'ghcr.io/acme'] },
      },
    ],
    invalid: [
      {
        name: 'Docker Hub image when only the company registry is allowed',
        objects: [withContainer({ image: 'nginx:1.27' })],
        options: { allowedRegistries: ['registry.example.com'] },
        message: /docker\.io/,
      },
      {
        name: 'path prefix does not match another organisation',
        objects: [withContainer({ image: 'ghcr.io/other/tool:1' })],
        options: { allowedRegistries: ['ghcr.io/acme'] },
      },
    ],
  },
  'CKP-306': {
    valid: [
      { name: 'limit set', objects: [withContainer({})] },
      {
        name: 'LimitRange default in the namespace',
        objects: [
          withContainer(noResources),
          object(
            'v1',
            'LimitRange',
            { name: 'defaults', namespace: 'shop' },
            {
              spec: { limits: [{ type: 'Container', default: { memory: '256Mi', cpu: '500m' } }] },
            },
          ),
        ],
      },
      {
        name: 'init containers are not reported on their own',
        objects: [deployment({ initContainers: [container({ name: 'init', resources: undefined })] })],
      },
    ],
    invalid: [
      { name: 'no resources', objects: [withContainer(noResources)] },
      {
        name: 'LimitRange in another namespace does not count',
        objects: [
          withContainer(noResources),
          object(
            'v1',
            'LimitRange',
            { name: 'defaults', namespace: 'other' },
            {
              spec: { limits: [{ type: 'Container', default: { memory: '256Mi' } }] },
            },
          ),
        ],
      },
    ],
  },
  'CKP-307': {
    valid: [{ name: 'limit set', objects: [withContainer({})] }],
    invalid: [{ name: 'only memory', objects: [withContainer({ resources: { limits: { memory: '1Gi' } } })] }],
  },
  'CKP-308': {
    valid: [
      { name: 'requests set', objects: [withContainer({})] },
      {
        name: 'limits imply requests',
        objects: [withContainer({ resources: { limits: { cpu: '1', memory: '1Gi' } } })],
      },
    ],
    invalid: [
      { name: 'none', objects: [withContainer(noResources)], message: /cpu or memory/ },
      {
        name: 'only cpu',
        objects: [withContainer({ resources: { requests: { cpu: '1' } } })],
        message: /no memory request/,
      },
    ],
  },
  'CKP-309': {
    valid: [
      {
        name: 'ephemeral-storage limit',
        objects: [withContainer({ resources: { limits: { 'ephemeral-storage': '1Gi' } } })],
      },
    ],
    invalid: [{ name: 'none', objects: [withContainer({})] }],
  },
  'CKP-310': {
    valid: [
      { name: 'probe set', objects: [withContainer({})] },
      {
        name: 'Job containers run to completion',
        objects: [
          object(
            'batch/v1',
            'Job',
            { name: 'migrate', namespace: 'shop' },
            {
              spec: {
                template: { spec: { restartPolicy: 'Never', containers: [container({ livenessProbe: undefined })] } },
              },
            },
          ),
        ],
      },
      {
        name: 'a port-less helper next to the serving container',
        objects: [
          deployment({
            containers: [container(), container({ name: 'reloader', ports: undefined, livenessProbe: undefined })],
          }),
        ],
      },
    ],
    invalid: [{ name: 'missing', objects: [withContainer({ livenessProbe: undefined })] }],
  },
  'CKP-311': {
    valid: [
      { name: 'not behind a Service', objects: [withContainer({ readinessProbe: undefined })] },
      {
        name: 'a port-less sidecar next to the serving container',
        objects: [
          deployment({
            containers: [container(), container({ name: 'reloader', ports: undefined, readinessProbe: undefined })],
          }),
          service({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
        ],
      },
    ],
    invalid: [
      {
        name: 'behind a Service, no probe',
        objects: [
          withContainer({ readinessProbe: undefined }),
          service({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
        ],
      },
    ],
  },
  'CKP-312': {
    valid: [
      {
        name: 'named port declared',
        objects: [withContainer({ readinessProbe: { httpGet: { path: '/', port: 'http' } } })],
      },
      { name: 'numeric port', objects: [withContainer({ readinessProbe: { tcpSocket: { port: 9999 } } })] },
    ],
    invalid: [
      {
        name: 'unknown name',
        objects: [withContainer({ livenessProbe: { httpGet: { path: '/', port: 'metrics' } } })],
        message: /"metrics"/,
      },
    ],
  },
  'CKP-313': {
    valid: [{ name: 'different probes', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'same probe',
        objects: [
          withContainer({
            livenessProbe: { httpGet: { path: '/', port: 8080 } },
            readinessProbe: { httpGet: { path: '/', port: 8080 } },
          }),
        ],
      },
    ],
  },
  'CKP-314': {
    valid: [
      {
        name: 'namespace with a LimitRange',
        objects: [
          withContainer({}),
          namespace('shop'),
          object('v1', 'LimitRange', { name: 'l', namespace: 'shop' }, { spec: { limits: [] } }),
        ],
      },
      { name: 'kube-system', objects: [withContainer({}, {}, { namespace: 'kube-system' })] },
    ],
    invalid: [{ name: 'none', objects: [withContainer({}), namespace('shop')] }],
  },
  'CKP-315': {
    valid: [
      {
        name: 'quota',
        objects: [withContainer({}), object('v1', 'ResourceQuota', { name: 'q', namespace: 'shop' }, { spec: {} })],
      },
    ],
    invalid: [{ name: 'none (implied namespace)', objects: [withContainer({})] }],
  },
  'CKP-316': {
    valid: [
      { name: 'Deployment', objects: [withContainer({})] },
      { name: 'static pod mirror', objects: [pod({}, { annotations: { 'kubernetes.io/config.mirror': 'abc' } })] },
    ],
    invalid: [{ name: 'bare pod', objects: [pod()] }],
  },
};
