import { defineCheck } from '../check.js';
import { stringField } from '../../inventory/json.js';
import { refOf } from '../context.js';
import { kubectlDelete } from '../patch.js';
import { SERVICE_ACCOUNT_TOKEN_TYPE } from '../secrets/scan.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-606',
  title: 'Long-lived service account token Secret',
  severity: 'medium',
  area: 'secrets',
  rationale:
    'A Secret of type kubernetes.io/service-account-token holds a token that never expires and stays valid until ' +
    'the Secret is deleted: anyone who reads it once keeps the account’s permissions. Projected tokens are ' +
    'short-lived and bound to the pod.',
  remediation:
    'Delete the Secret; pods get projected tokens automatically, and tools can request one with kubectl create token.',
  references: {
    nsa: [NSA.tokens, NSA.secrets],
    cis: ['5.1.6'],
    mitre: [MITRE.containerApiCredentials, MITRE.stealToken],
  },
  run(ctx) {
    for (const secret of ctx.index.objects('Secret', [''])) {
      if (secret.implied || stringField(secret.raw, 'type') !== SERVICE_ACCOUNT_TOKEN_TYPE) continue;
      const account = secret.annotations['kubernetes.io/service-account.name'];
      ctx.report({
        target: secret,
        path: 'type',
        message: `Secret ${secret.name} is a non-expiring token${account ? ` for service account ${account}` : ''}`,
        command: kubectlDelete(refOf(secret)),
      });
    }
  },
});
