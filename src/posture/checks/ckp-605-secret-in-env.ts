import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, objectField, stringField } from '../../inventory/json.js';
import { listing } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-605',
  title: 'Secret exposed as environment variables',
  severity: 'low',
  area: 'secrets',
  rationale:
    'Secrets in environment variables leak into crash dumps, debug endpoints, child processes and logs, and are ' +
    'readable in /proc by anything sharing the PID namespace; files from a secret volume are not.',
  remediation: 'Mount the Secret as a volume and have the application read the file.',
  references: {
    kubescape: ['C-0207'],
    checkov: ['CKV_K8S_35'],
    kubeLinter: ['read-secret-from-env-var'],
    nsa: [NSA.secrets],
    cis: ['5.4.1'],
    mitre: [MITRE.credentialsInFiles],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const names: string[] = [];
      for (const entry of arrayField(site.container.raw, 'env') ?? []) {
        if (!isJsonObject(entry)) continue;
        if (objectField(objectField(entry, 'valueFrom'), 'secretKeyRef')) names.push(stringField(entry, 'name') ?? '?');
      }
      for (const entry of arrayField(site.container.raw, 'envFrom') ?? []) {
        const ref = isJsonObject(entry) ? objectField(entry, 'secretRef') : undefined;
        if (ref) names.push(`all of Secret ${stringField(ref, 'name') ?? '?'}`);
      }
      if (names.length === 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.env`,
        message: `container ${site.name} takes ${listing(names)} from Secrets as environment variables`,
      });
    }
  },
});
