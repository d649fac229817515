import { defineCheck } from '../check.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-201',
  title: 'Host PID namespace',
  severity: 'high',
  area: 'host',
  rationale:
    'Sharing the host PID namespace shows the pod every process on the node, with their environment and command lines (often credentials), and with ptrace or /proc/<pid>/root a way into them and onto the host.',
  remediation: 'Remove spec.hostPID (or set it to false).',
  references: {
    kubescape: ['C-0038', 'C-0275'],
    trivy: ['KSV-0010'],
    checkov: ['CKV_K8S_17'],
    kubeLinter: ['host-pid'],
    polaris: ['hostPIDSet'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.3'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (workload.template.spec['hostPID'] !== true) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.hostPID`,
        message: 'the pod shares the node’s process namespace (hostPID: true)',
        patch: podPatch(workload, { hostPID: false }),
      });
    }
  },
});
