import { defineCheck } from '../check.js';
import { arrayField, isJsonObject } from '../../inventory/json.js';
import { serviceSpec } from '../network.js';
import { numberValue } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-407',
  title: 'SSH port exposed',
  severity: 'medium',
  area: 'network',
  rationale:
    'An SSH server in a container is a second way in that bypasses kubectl exec’s authorization and audit, and is ' +
    'a favourite brute-force target when a Service exposes it.',
  remediation: 'Remove the SSH server; use kubectl exec (authorized and audited) for maintenance.',
  references: {
    kubescape: ['C-0042'],
    kubeLinter: ['ssh-port'],
    nsa: [NSA.hardening],
    mitre: [MITRE.ssh, MITRE.externalRemoteServices],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      (arrayField(site.container.raw, 'ports') ?? []).forEach((port, i) => {
        if (!isJsonObject(port) || numberValue(port['containerPort']) !== 22) return;
        ctx.report({
          target: site.workload,
          container: site.name,
          path: `${site.path}.ports[${i}].containerPort`,
          message: `container ${site.name} listens on port 22 (SSH)`,
        });
      });
    }
    for (const service of ctx.index.objects('Service', [''])) {
      (arrayField(serviceSpec(service), 'ports') ?? []).forEach((port, i) => {
        if (!isJsonObject(port)) return;
        if (numberValue(port['port']) !== 22 && numberValue(port['targetPort']) !== 22) return;
        ctx.report({
          target: service,
          path: `spec.ports[${i}]`,
          message: `Service ${service.name} exposes port 22 (SSH)`,
        });
      });
    }
  },
});
