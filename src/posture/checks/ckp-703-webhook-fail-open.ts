import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, stringField } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-703',
  title: 'Admission webhook fails open',
  severity: 'medium',
  area: 'cluster',
  rationale:
    'With failurePolicy: Ignore, requests are admitted whenever the webhook is down, slow or unreachable: an ' +
    'attacker who can disrupt the webhook (or wait for an outage) bypasses the policy it enforces. (The ' +
    'v1beta1 API defaulted to Ignore.)',
  remediation: 'Set failurePolicy: Fail, with enough webhook replicas and a namespaceSelector that spares kube-system.',
  references: {
    kubescape: ['C-0036', 'C-0039'],
    nsa: [NSA.controlPlane],
    mitre: [MITRE.impairDefenses],
  },
  run(ctx) {
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      for (const config of ctx.index.objects(kind, ['admissionregistration.k8s.io'])) {
        const defaultPolicy = config.apiVersion.endsWith('/v1beta1') ? 'Ignore' : 'Fail';
        (arrayField(config.raw, 'webhooks') ?? []).forEach((webhook, i) => {
          if (!isJsonObject(webhook)) return;
          const policy = stringField(webhook, 'failurePolicy') ?? defaultPolicy;
          if (policy !== 'Ignore') return;
          const name = stringField(webhook, 'name') ?? `webhooks[${i}]`;
          ctx.report({
            target: config,
            path: `webhooks[${i}].failurePolicy`,
            message: `${kind === 'ValidatingWebhookConfiguration' ? 'validating' : 'mutating'} webhook ${name} admits requests when it fails (failurePolicy Ignore)`,
            patch: { webhooks: [{ name, failurePolicy: 'Fail' }] },
          });
        });
      }
    }
  },
});
