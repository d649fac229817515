import { defineCheck } from '../check.js';
import { arrayField } from '../../inventory/json.js';
import { podPatch } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-123',
  title: 'Pod manages /etc/hosts (hostAliases)',
  severity: 'low',
  area: 'workload',
  rationale:
    'hostAliases write entries into the pod’s /etc/hosts, bypassing cluster DNS: a quiet way to redirect a ' +
    'service name to another address.',
  remediation: 'Remove spec.hostAliases and publish the names through DNS (a Service or an ExternalName).',
  references: {
    trivy: ['KSV-0007'],
    nsa: [NSA.podSecurity],
    mitre: [MITRE.adversaryInTheMiddle],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const aliases = arrayField(workload.template.spec, 'hostAliases') ?? [];
      if (aliases.length === 0) continue;
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.hostAliases`,
        message: `the pod adds ${aliases.length} /etc/hosts entr${aliases.length === 1 ? 'y' : 'ies'}`,
        patch: podPatch(workload, { hostAliases: null }),
      });
    }
  },
});
