import { defineCheck } from '../check.js';
import { isStaticPod } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-316',
  title: 'Naked pod',
  severity: 'low',
  area: 'images',
  rationale:
    'A pod with no controller is not rescheduled when its node fails and escapes the review a Deployment’s ' +
    'rollout gets; in a cluster dump it is often something run by hand. Static pods are exempt.',
  remediation: 'Run it from a Deployment, StatefulSet, DaemonSet or Job.',
  references: {
    kubescape: ['C-0073'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.deployContainer],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (workload.kind !== 'Pod' || !workload.object || isStaticPod(workload)) continue;
      if (workload.object.ownerReferences.length > 0) continue;
      ctx.report({ target: workload, message: `pod ${workload.name} has no controller` });
    }
  },
});
