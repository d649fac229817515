import { defineCheck } from '../check.js';
import { MITRE, NSA } from './refs.js';

const SNIPPETS = [
  'nginx.ingress.kubernetes.io/configuration-snippet',
  'nginx.ingress.kubernetes.io/server-snippet',
  'nginx.ingress.kubernetes.io/auth-snippet',
  'nginx.ingress.kubernetes.io/stream-snippet',
  'nginx.ingress.kubernetes.io/modsecurity-snippet',
];

export default defineCheck({
  id: 'CKP-409',
  title: 'ingress-nginx snippet annotation',
  severity: 'high',
  area: 'network',
  rationale:
    'Snippet annotations inject raw nginx configuration into the shared controller: whoever can write an Ingress ' +
    'can read the controller’s service account token and every TLS key it serves (CVE-2021-25742, CVE-2025-1974 family).',
  remediation: 'Remove the snippet annotation and disable allow-snippet-annotations on the controller.',
  references: {
    kubescape: ['C-0059'],
    trivy: ['KCV-0093'],
    checkov: ['CKV_K8S_152', 'CKV_K8S_153', 'CKV_K8S_154'],
    nsa: [NSA.controlPlane],
    mitre: [MITRE.publicFacingApp, MITRE.containerApiCredentials],
  },
  run(ctx) {
    for (const ingress of ctx.index.objects('Ingress', ['networking.k8s.io', 'extensions'])) {
      for (const key of SNIPPETS) {
        if (ingress.annotations[key] === undefined) continue;
        ctx.report({
          target: ingress,
          path: `metadata.annotations["${key}"]`,
          message: `Ingress ${ingress.name} injects nginx configuration through ${key.split('/')[1]}`,
          patch: { metadata: { annotations: { [key]: null } } },
        });
      }
    }
  },
});
