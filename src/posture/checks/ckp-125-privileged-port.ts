import { defineCheck } from '../check.js';
import { arrayField, isJsonObject } from '../../inventory/json.js';
import { numberValue } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-125',
  title: 'Container port below 1024',
  severity: 'low',
  area: 'workload',
  enabledByDefault: false,
  rationale:
    'Binding a port below 1024 needs root or NET_BIND_SERVICE, so an image that listens there resists running ' +
    'non-root with dropped capabilities. Off by default: the Service can map any port, and declared container ' +
    'ports are informational.',
  remediation: 'Listen on a port of 1024 or more and map it in the Service (port 80 → targetPort 8080).',
  references: {
    trivy: ['KSV-0117'],
    kubeLinter: ['privileged-ports'],
    nsa: [NSA.nonRoot],
    mitre: [MITRE.exploitPrivEsc],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      (arrayField(site.container.raw, 'ports') ?? []).forEach((port, i) => {
        if (!isJsonObject(port)) return;
        const number = numberValue(port['containerPort']);
        if (number === undefined || number <= 0 || number >= 1024) return;
        ctx.report({
          target: site.workload,
          container: site.name,
          path: `${site.path}.ports[${i}].containerPort`,
          message: `container ${site.name} listens on privileged port ${number}`,
        });
      });
    }
  },
});
