import { defineCheck } from '../check.js';
import { hasRoleBindings, serviceAccountName, tokenAutomounted } from '../service-accounts.js';
import { isStaticPod, podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-601',
  title: 'Unused service account token mounted',
  severity: 'low',
  area: 'secrets',
  rationale:
    'Every pod gets its service account’s token unless automountServiceAccountToken is false on the pod or the ' +
    'account; an intruder in the pod uses it against the API server. Reported where the account has no RBAC ' +
    'binding in the input (the token is then likely unused; workloads that call the API keep theirs) and is not ' +
    'the default one (CKP-602). The pod’s setting overrides the account’s.',
  remediation: 'Set automountServiceAccountToken: false on the pod (or on the service account).',
  references: {
    kubescape: ['C-0034', 'C-0190', 'C-0261'],
    trivy: ['KSV-0036'],
    checkov: ['CKV_K8S_38'],
    polaris: ['automountServiceAccountToken'],
    nsa: [NSA.tokens],
    cis: ['5.1.6'],
    mitre: [MITRE.containerApiCredentials],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (isStaticPod(workload) || !tokenAutomounted(ctx.index, workload)) continue;
      const account = serviceAccountName(workload);
      if (account === 'default' || hasRoleBindings(ctx.index, workload.namespace, account)) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.automountServiceAccountToken`,
        message: `the pod mounts the token of service account ${account}, which no binding in the input grants anything`,
        patch: podPatch(workload, { automountServiceAccountToken: false }),
      });
    }
  },
});
