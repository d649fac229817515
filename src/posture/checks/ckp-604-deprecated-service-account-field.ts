import { defineCheck } from '../check.js';
import { stringField } from '../../inventory/json.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-604',
  title: 'Deprecated serviceAccount field',
  severity: 'low',
  area: 'secrets',
  rationale:
    'spec.serviceAccount is the deprecated alias of serviceAccountName; when the two disagree the pod runs as ' +
    'serviceAccountName, not what a reviewer reading serviceAccount expects. (The API server fills both in with ' +
    'the same value: equal values are not reported.)',
  remediation: 'Use serviceAccountName only.',
  references: {
    kubescape: ['C-0294'],
    kubeLinter: ['deprecated-service-account-field'],
    nsa: [NSA.tokens],
    mitre: [MITRE.validAccounts],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const spec = workload.template.spec;
      const old = stringField(spec, 'serviceAccount');
      const current = stringField(spec, 'serviceAccountName');
      if (!old || old === current) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.serviceAccount`,
        message: current
          ? `serviceAccount ${old} disagrees with serviceAccountName ${current}`
          : `the pod names its service account ${old} with the deprecated serviceAccount field`,
        patch: podPatch(workload, { serviceAccount: null, serviceAccountName: current ?? old }),
      });
    }
  },
});
