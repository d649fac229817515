import { defineCheck } from '../check.js';
import { serviceAccountName, tokenAutomounted } from '../service-accounts.js';
import { isStaticPod, podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-602',
  title: 'Workload uses the default service account',
  severity: 'low',
  area: 'secrets',
  rationale:
    'A pod that names no service account runs as the namespace’s default one, shared with every other such pod: ' +
    'permissions granted to one are granted to all. Reported when its token is mounted (otherwise the identity is ' +
    'unusable from the pod).',
  remediation: 'Create a service account for the workload and set serviceAccountName, or stop mounting the token.',
  references: {
    kubescape: ['C-0189'],
    checkov: ['CKV_K8S_41'],
    kubeLinter: ['default-service-account'],
    nsa: [NSA.tokens],
    cis: ['5.1.5'],
    mitre: [MITRE.defaultAccounts],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (isStaticPod(workload) || serviceAccountName(workload) !== 'default') continue;
      if (!tokenAutomounted(ctx.index, workload)) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.serviceAccountName`,
        message: `the pod runs as service account ${workload.namespace}/default with its token mounted`,
        patch: podPatch(workload, { automountServiceAccountToken: false }),
        advice: 'Or create a dedicated service account and set serviceAccountName to it.',
      });
    }
  },
});
