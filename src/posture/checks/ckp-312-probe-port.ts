import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, objectField, stringField } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export default defineCheck({
  id: 'CKP-312',
  title: 'Probe targets a named port the container does not declare',
  severity: 'medium',
  area: 'images',
  rationale:
    'A probe on a port name that no containerPort carries never succeeds: the pod never becomes ready, or its ' +
    'liveness probe restarts it forever. Numeric ports are not checked (declaring ports is optional).',
  remediation: 'Name the port in the container’s ports list, or probe it by number.',
  references: {
    kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.endpointDos],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const names = new Set(
        (arrayField(site.container.raw, 'ports') ?? [])
          .filter(isJsonObject)
          .map((p) => stringField(p, 'name'))
          .filter((n): n is string => n !== undefined),
      );
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const port = objectField(objectField(site.container.raw, probe), handler)?.['port'];
          if (typeof port !== 'string' || /^\d+$/.test(port) || names.has(port)) continue;
          ctx.report({
            target: site.workload,
            container: site.name,
            path: `${site.path}.${probe}.${handler}.port`,
            message: `container ${site.name}'s ${probe} targets port "${port}", which it does not declare`,
          });
        }
      }
    }
  },
});
