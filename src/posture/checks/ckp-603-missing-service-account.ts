import { defineCheck } from '../check.js';
import { serviceAccountName, serviceAccountOf } from '../service-accounts.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-603',
  title: 'Workload names a service account the input does not define',
  severity: 'medium',
  area: 'secrets',
  rationale:
    'A pod whose service account does not exist is rejected at admission, and whoever later creates an account ' +
    'by that name (with their own bindings) decides what the pod may do. Only checked in namespaces where the ' +
    'input defines service accounts, since partial manifests often leave them out.',
  remediation: 'Define the service account alongside the workload, or fix serviceAccountName.',
  references: {
    kubescape: ['C-0307'],
    kubeLinter: ['non-existent-service-account'],
    nsa: [NSA.tokens],
    mitre: [MITRE.validAccounts],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const name = serviceAccountName(workload);
      if (name === 'default' || serviceAccountOf(ctx.index, workload)) continue;
      const defined = ctx.index.objectsIn('ServiceAccount', workload.namespace).some((sa) => !sa.implied);
      if (!defined) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.serviceAccountName`,
        message: `service account ${workload.namespace}/${name} is not defined in the input`,
      });
    }
  },
});
