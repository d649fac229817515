/** Reports for the writer tests: a realistic one with a bit of everything, and an empty one. */

import type { Report } from '../../src/report/model.js';

export const SCRIPT_MESSAGE = 'label value is <script>alert(1)</script>';

/**
 * Findings of every severity (two of one check, in report order not sorted), a location with a colon in its path,
 * one with no line, one with none at all, a cluster-scoped object, a `|` in a message, a script in another, two
 * input errors, one attack path through a workload with a known file, and a plan of one fix.
 */
export function sampleReport(): Report {
  return {
    schemaVersion: 'chokepoint/v1',
    tool: { name: 'chokepoint', version: '0.1.0' },
    inputs: [
      { source: 'manifests/', objects: 12, files: 4, kinds: { Deployment: 2, Service: 2, Namespace: 2, Widget: 2 } },
      { source: 'overlays/prod:v2', objects: 2, files: 1, kinds: { DaemonSet: 1, ClusterRole: 1 } },
    ],
    inventory: {
      objects: 14,
      implied: 2,
      workloads: 3,
      pods: 0,
      namespaces: 2,
      nodes: 0,
      kinds: { Deployment: 2, DaemonSet: 1, Service: 2, Namespace: 2, ClusterRole: 1, Widget: 2 },
      unknownKinds: { 'example.com/v1/Widget': 2 },
    },
    errors: [
      { source: 'manifests/broken.yaml:3', message: 'YAML: bad indentation of a mapping entry' },
      {
        source: 'manifests/dir with space/bad.yaml',
        object: 'Deployment/shop/bad',
        message: 'spec.template is missing',
      },
    ],
    findings: [
      {
        checkId: 'image-tag-latest',
        severity: 'medium',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
        container: 'app',
        location: 'manifests/shop/web.yaml:20',
        message: 'image nginx:latest | tag "latest" is not pinned',
        remediation: 'Pin the image to a digest (image@sha256:...).',
        references: { trivy: 'KSV013' },
      },
      {
        checkId: 'privileged-container',
        severity: 'critical',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
        container: 'app',
        location: 'manifests/shop/web.yaml:12',
        message: 'container app runs privileged',
        remediation: 'Set securityContext.privileged to false.',
        references: { kubescape: 'C-0057', trivy: 'KSV017', nsa: ['privileged containers'] },
      },
      {
        checkId: 'host-path-mount',
        severity: 'high',
        object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' },
        container: 'agent',
        location: 'overlays/prod:v2/agent.yaml:7',
        message: 'mounts the host path /var/run/docker.sock',
        remediation: 'Remove the hostPath volume or mount it read-only.',
        references: { trivy: 'KSV023' },
      },
      {
        checkId: 'privileged-container',
        severity: 'critical',
        object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' },
        container: 'agent',
        location: 'overlays/prod:v2/agent.yaml:15',
        message: 'container agent runs privileged',
        remediation: 'Set securityContext.privileged to false.',
        references: {},
      },
      {
        checkId: 'suspicious-label',
        severity: 'low',
        object: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
        location: 'manifests/shop/service.yaml',
        message: SCRIPT_MESSAGE,
        remediation: 'Use plain label values.',
        references: {},
      },
      {
        checkId: 'wildcard-verbs',
        severity: 'info',
        object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'ops' },
        message: 'grants * on pods',
        remediation: 'List the verbs the role needs.',
        references: { cis: '5.1.3' },
      },
    ],
    graph: { nodes: 9, edges: 11 },
    paths: [
      {
        id: 'path-1',
        source: 'Internet',
        target: 'ClusterAdmin',
        score: 9.25,
        steps: [
          {
            from: 'Internet',
            technique: 'EXPOSED_ENDPOINT',
            to: 'Endpoint:shop/web:80',
            because: 'Service type LoadBalancer',
          },
          {
            from: 'Endpoint:shop/web:80',
            technique: 'ENDPOINT_WORKLOAD',
            to: 'Workload:shop/Deployment/web',
            because: 'selector app=web',
          },
          {
            from: 'Workload:shop/Deployment/web',
            technique: 'CE_PRIVILEGED',
            to: 'Node:*',
            because: 'container app is privileged',
          },
          { from: 'Node:*', technique: 'NODE_KUBELET_CREDS', to: 'ClusterAdmin', because: 'kubelet credentials' },
        ],
      },
    ],
    plan: {
      fixes: [
        {
          id: 'fix-1',
          object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
          patch: {
            spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: false } }] } } },
          },
          cost: 1,
          cuts: 1,
          techniques: ['CE_PRIVILEGED'],
        },
      ],
      pathsBefore: 1,
      pathsAfter: 0,
      kept: [],
    },
  };
}

export function emptyReport(): Report {
  return {
    schemaVersion: 'chokepoint/v1',
    tool: { name: 'chokepoint', version: '0.1.0' },
    inputs: [],
    inventory: {
      objects: 0,
      implied: 0,
      workloads: 0,
      pods: 0,
      namespaces: 0,
      nodes: 0,
      kinds: {},
      unknownKinds: {},
    },
    errors: [],
    findings: [],
    graph: { nodes: 0, edges: 0 },
    paths: [],
    plan: { fixes: [], pathsBefore: 0, pathsAfter: 0, kept: [] },
  };
}
