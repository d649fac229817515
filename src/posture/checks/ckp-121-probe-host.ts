import { defineCheck } from '../check.js';
import { objectField, stringField } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export default defineCheck({
  id: 'CKP-121',
  title: 'Probe or lifecycle hook targets another host',
  severity: 'medium',
  area: 'workload',
  rationale:
    'A probe or lifecycle hook with a host field makes the kubelet connect to that address from the node: a ' +
    'server-side request forgery that reaches node-local and cloud metadata endpoints.',
  remediation: 'Remove the host field so the probe targets the pod’s own IP.',
  references: {
    nsa: [NSA.podSecurity],
    mitre: [MITRE.networkServiceDiscovery],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const handlers: { path: string; host: string }[] = [];
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const host = stringField(objectField(objectField(site.container.raw, probe), handler), 'host');
          if (host) handlers.push({ path: `${site.path}.${probe}.${handler}.host`, host });
        }
      }
      const lifecycle = objectField(site.container.raw, 'lifecycle');
      for (const hook of ['postStart', 'preStop'] as const) {
        for (const handler of HANDLERS) {
          const host = stringField(objectField(objectField(lifecycle, hook), handler), 'host');
          if (host) handlers.push({ path: `${site.path}.lifecycle.${hook}.${handler}.host`, host });
        }
      }
      for (const { path, host } of handlers) {
        ctx.report({
          target: site.workload,
          container: site.name,
          path,
          message: `container ${site.name} has a probe or hook that connects to host ${host}`,
        });
      }
    }
  },
});
