import { defineCheck } from '../check.js';
import { isWindows, podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-122',
  title: 'No user namespace (hostUsers not false)',
  severity: 'info',
  area: 'workload',
  enabledByDefault: false,
  rationale:
    'With hostUsers: false the pod gets its own user namespace: root in the container maps to an unprivileged UID ' +
    'on the node, which defuses most escapes. Off by default: it needs Kubernetes 1.33+ and a runtime that supports ' +
    'it, and host-namespace pods cannot use it.',
  remediation: 'Set spec.hostUsers: false where the nodes support user namespaces.',
  references: {
    nsa: [NSA.nonRoot],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const spec = workload.template.spec;
      if (isWindows(workload) || spec['hostUsers'] === false) continue;
      if (spec['hostNetwork'] === true || spec['hostPID'] === true || spec['hostIPC'] === true) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.hostUsers`,
        message: 'the pod shares the node’s user namespace',
        patch: podPatch(workload, { hostUsers: false }),
      });
    }
  },
});
