import { defineCheck } from '../check.js';
import { arrayField, isJsonObject } from '../../inventory/json.js';
import { containerPatch, numberValue } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-204',
  title: 'Host port',
  severity: 'medium',
  area: 'host',
  rationale:
    'A hostPort publishes the container on every node address it is scheduled to, bypassing Services and ' +
    'NetworkPolicy on many CNIs, and pins the pod to nodes where the port is free. Pods on the host network are ' +
    'left to CKP-203 (the API server fills in hostPort for them).',
  remediation: 'Remove hostPort and expose the container through a Service.',
  references: {
    kubescape: ['C-0044'],
    trivy: ['KSV-0024'],
    checkov: ['CKV_K8S_26'],
    kubeLinter: ['host-port'],
    polaris: ['hostPortSet'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.13'],
    mitre: [MITRE.externalRemoteServices],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (site.workload.template.spec['hostNetwork'] === true) continue;
      (arrayField(site.container.raw, 'ports') ?? []).forEach((port, i) => {
        if (!isJsonObject(port)) return;
        const hostPort = numberValue(port['hostPort']);
        if (hostPort === undefined || hostPort === 0) return;
        const containerPort = numberValue(port['containerPort']);
        ctx.report({
          target: site.workload,
          container: site.name,
          path: `${site.path}.ports[${i}].hostPort`,
          message: `container ${site.name} publishes host port ${hostPort}`,
          patch:
            containerPort !== undefined
              ? containerPatch(site, { ports: [{ containerPort, hostPort: null }] })
              : undefined,
        });
      });
    }
  },
});
