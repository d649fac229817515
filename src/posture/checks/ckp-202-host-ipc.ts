import { defineCheck } from '../check.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-202',
  title: 'Host IPC namespace',
  severity: 'high',
  area: 'host',
  rationale:
    'Sharing the host IPC namespace exposes shared memory and message queues of every process on the node, and lets the pod tamper with them.',
  remediation: 'Remove spec.hostIPC (or set it to false).',
  references: {
    kubescape: ['C-0038', 'C-0276'],
    trivy: ['KSV-0008'],
    checkov: ['CKV_K8S_18'],
    kubeLinter: ['host-ipc'],
    polaris: ['hostIPCSet'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.4'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (workload.template.spec['hostIPC'] !== true) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.hostIPC`,
        message: 'the pod shares the node’s IPC namespace (hostIPC: true)',
        patch: podPatch(workload, { hostIPC: false }),
      });
    }
  },
});
