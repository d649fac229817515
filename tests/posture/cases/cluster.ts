/** Valid and invalid cases of the cluster-configuration checks (CKP-7xx). */

import { container, deployment, namespace, object, withContainer, type CaseTable, type Obj } from '../fixtures.js';

function webhookConfig(kind: string, apiVersion: string, failurePolicy?: string): Obj {
  const webhook: Obj = {
    name: 'policy.example.com',
    clientConfig: { service: { name: 'policy', namespace: 'policy' } },
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
  };
  if (failurePolicy) webhook['failurePolicy'] = failurePolicy;
  return object(apiVersion, kind, { name: 'policy' }, { webhooks: [webhook] });
}

export const CLUSTER_CASES: CaseTable = {
  'CKP-701': {
    valid: [
      { name: 'own namespace', objects: [withContainer({})] },
      {
        name: 'static pod in default',
        objects: [
          object(
            'v1',
            'Pod',
            { name: 'p', namespace: 'default', annotations: { 'kubernetes.io/config.mirror': 'x' } },
            { spec: { containers: [container()] } },
          ),
        ],
      },
    ],
    invalid: [
      {
        name: 'explicit default',
        objects: [withContainer({}, {}, { namespace: 'default' })],
        message: /runs in the default namespace/,
      },
      {
        name: 'no namespace in the manifest',
        objects: [
          object(
            'apps/v1',
            'Deployment',
            { name: 'web' },
            {
              spec: {
                selector: { matchLabels: { a: 'b' } },
                template: { metadata: { labels: { a: 'b' } }, spec: { containers: [container()] } },
              },
            },
          ),
        ],
        message: /names no namespace/,
      },
    ],
  },
  'CKP-702': {
    valid: [
      {
        name: 'system-cluster-critical',
        objects: [withContainer({}, { priorityClassName: 'system-cluster-critical' }, { namespace: 'kube-system' })],
      },
      {
        name: 'k8s-app label',
        objects: [deployment({}, { namespace: 'kube-system', name: 'dns' }, { labels: { 'k8s-app': 'kube-dns' } })],
      },
      {
        name: 'platform registry image',
        objects: [
          withContainer({ image: 'registry.k8s.io/coredns/coredns:v1.11.1' }, {}, { namespace: 'kube-system' }),
        ],
      },
    ],
    invalid: [{ name: 'an application', objects: [withContainer({}, {}, { namespace: 'kube-system' })] }],
  },
  'CKP-703': {
    valid: [
      {
        name: 'v1 default is Fail',
        objects: [webhookConfig('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1')],
      },
      {
        name: 'explicit Fail',
        objects: [webhookConfig('MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'Fail')],
      },
    ],
    invalid: [
      {
        name: 'Ignore',
        objects: [webhookConfig('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'Ignore')],
        message: /validating webhook policy\.example\.com/,
      },
      {
        name: 'v1beta1 default is Ignore',
        objects: [webhookConfig('MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1beta1')],
      },
    ],
  },
  'CKP-704': {
    valid: [
      {
        name: 'Grafana dashboards are not the Dashboard',
        objects: [withContainer({ image: 'grafana/grafana:11.0.0' })],
      },
    ],
    invalid: [
      { name: 'kubernetesui/dashboard', objects: [withContainer({ image: 'kubernetesui/dashboard:v2.7.0' })] },
      { name: 'old gcr image', objects: [withContainer({ image: 'k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1' })] },
    ],
  },
  'CKP-705': {
    valid: [{ name: 'Helm 3 leaves nothing running', objects: [withContainer({})] }],
    invalid: [{ name: 'tiller image', objects: [withContainer({ image: 'gcr.io/kubernetes-helm/tiller:v2.16.12' })] }],
  },
  'CKP-706': {
    valid: [{ name: 'apps/v1', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'extensions/v1beta1 Ingress',
        objects: [object('extensions/v1beta1', 'Ingress', { name: 'i', namespace: 'shop' }, { spec: {} })],
        message: /removed in Kubernetes 1\.22/,
      },
      {
        name: 'PodSecurityPolicy',
        objects: [object('policy/v1beta1', 'PodSecurityPolicy', { name: 'psp' }, { spec: {} })],
      },
    ],
  },
  'CKP-707': {
    valid: [{ name: 'matching', objects: [withContainer({})] }],
    invalid: [
      {
        name: 'selector does not select the template',
        objects: [
          object(
            'apps/v1',
            'Deployment',
            { name: 'web', namespace: 'shop' },
            {
              spec: {
                selector: { matchLabels: { app: 'web' } },
                template: { metadata: { labels: { app: 'api' } }, spec: { containers: [container()] } },
              },
            },
          ),
        ],
      },
    ],
  },
  'CKP-708': {
    valid: [
      { name: 'restricted', objects: [namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' })] },
      { name: 'implied namespaces are not checked', objects: [withContainer({})] },
      { name: 'kube-system', objects: [namespace('kube-system')] },
    ],
    invalid: [
      { name: 'no label', objects: [namespace('shop')] },
      {
        name: 'privileged',
        objects: [namespace('shop', { 'pod-security.kubernetes.io/enforce': 'privileged' })],
        message: /privileged level/,
      },
    ],
  },
};
