import { defineCheck } from '../check.js';
import { stringField } from '../../inventory/json.js';
import type { Workload } from '../../inventory/types.js';
import { parseImage } from '../images.js';
import { isStaticPod } from '../workload.js';
import { MITRE, NSA } from './refs.js';

const SYSTEM_LABELS = ['k8s-app', 'addonmanager.kubernetes.io/mode', 'kubernetes.io/cluster-service'];
const SYSTEM_REGISTRIES = [
  /^registry\.k8s\.io$/,
  /^k8s\.gcr\.io$/,
  /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/,
  /^mcr\.microsoft\.com$/,
  /^gke\.gcr\.io$/,
];

/** Signs that a workload in kube-system is a cluster component: how the system components are shipped. */
export function looksLikeSystemComponent(workload: Workload): boolean {
  if (isStaticPod(workload)) return true;
  const priority = stringField(workload.template.spec, 'priorityClassName') ?? '';
  if (priority === 'system-node-critical' || priority === 'system-cluster-critical') return true;
  const labels = { ...workload.template.labels, ...(workload.object?.labels ?? {}) };
  if (SYSTEM_LABELS.some((l) => labels[l] !== undefined)) return true;
  if (labels['tier'] === 'control-plane' || labels['component'] !== undefined) return true;
  return workload.template.containers.every(
    (c) => c.image !== undefined && SYSTEM_REGISTRIES.some((r) => r.test(parseImage(c.image!).registry)),
  );
}

export default defineCheck({
  id: 'CKP-702',
  title: 'Application workload in kube-system',
  severity: 'low',
  area: 'cluster',
  rationale:
    'kube-system holds the cluster’s own components and their powerful service accounts; an application placed ' +
    'there inherits that neighbourhood and is exempt from most admission policies. Workloads that look like ' +
    'cluster components (static pods, system-*-critical priority, k8s-app or addon-manager labels, images from ' +
    'the platform registries) are not reported.',
  remediation: 'Move the workload to a namespace of its own.',
  references: {
    trivy: ['KSV-0037'],
    nsa: [NSA.namespaces],
    mitre: [MITRE.masquerading],
  },
  run(ctx) {
    for (const workload of ctx.index.workloadsIn('kube-system')) {
      if (looksLikeSystemComponent(workload)) continue;
      ctx.report({
        target: workload,
        path: 'metadata.namespace',
        message: 'the workload runs in kube-system but does not look like a cluster component',
      });
    }
  },
});
