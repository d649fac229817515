import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, objectField, stringField } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-408',
  title: 'Ingress without TLS',
  severity: 'medium',
  area: 'network',
  rationale:
    'An Ingress with no tls section serves its hosts over plain HTTP unless something in front terminates TLS: ' +
    'credentials and session cookies cross the network in the clear.',
  remediation: 'Add spec.tls with the hosts and a certificate Secret (cert-manager can issue it).',
  references: {
    kubescape: ['C-0263'],
    polaris: ['tlsSettingsMissing'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.adversaryInTheMiddle],
  },
  run(ctx) {
    for (const ingress of ctx.index.objects('Ingress', ['networking.k8s.io', 'extensions'])) {
      const spec = objectField(ingress.raw, 'spec');
      if ((arrayField(spec, 'tls') ?? []).length > 0) continue;
      const hosts = (arrayField(spec, 'rules') ?? [])
        .filter(isJsonObject)
        .map((r) => stringField(r, 'host'))
        .filter((h): h is string => h !== undefined);
      ctx.report({
        target: ingress,
        path: 'spec.tls',
        message: `Ingress ${ingress.name} has no TLS${hosts.length > 0 ? ` for ${hosts.join(', ')}` : ''}`,
        patch: { spec: { tls: [{ hosts, secretName: `${ingress.name}-tls` }] } },
      });
    }
  },
});
