import { defineCheck } from '../check.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-203',
  title: 'Host network namespace',
  severity: 'high',
  area: 'host',
  rationale:
    'A pod on the host network sees and can bind every node interface, reaches node-local services (kubelet, metadata endpoints) as the node, sniffs other pods’ traffic with NET_RAW, and is not subject to NetworkPolicy.',
  remediation: 'Remove spec.hostNetwork (or set it to false).',
  references: {
    kubescape: ['C-0041'],
    trivy: ['KSV-0009'],
    checkov: ['CKV_K8S_19'],
    kubeLinter: ['host-network'],
    polaris: ['hostNetworkSet'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.5'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (workload.template.spec['hostNetwork'] !== true) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.hostNetwork`,
        message: 'the pod uses the node’s network namespace (hostNetwork: true)',
        patch: podPatch(workload, { hostNetwork: false }),
      });
    }
  },
});
