import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, objectField, stringField, type JsonObject } from '../../inventory/json.js';
import { MITRE, NSA } from './refs.js';

/** Service names an Ingress routes to (networking.k8s.io/v1 and the older serviceName form). */
function backendServices(spec: JsonObject | undefined): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  const visit = (backend: JsonObject | undefined, path: string): void => {
    const name = stringField(objectField(backend, 'service'), 'name') ?? stringField(backend, 'serviceName');
    if (name) out.push({ name, path });
  };
  visit(objectField(spec, 'defaultBackend') ?? objectField(spec, 'backend'), 'spec.defaultBackend');
  (arrayField(spec, 'rules') ?? []).forEach((rule, r) => {
    if (!isJsonObject(rule)) return;
    (arrayField(objectField(rule, 'http'), 'paths') ?? []).forEach((p, i) => {
      if (isJsonObject(p)) visit(objectField(p, 'backend'), `spec.rules[${r}].http.paths[${i}].backend`);
    });
  });
  return out;
}

export default defineCheck({
  id: 'CKP-411',
  title: 'Ingress routes to a missing Service',
  severity: 'low',
  area: 'network',
  rationale:
    'An Ingress that routes to a Service that does not exist publishes a host and path that anyone who can create ' +
    'that Service later takes over. Only checked in namespaces where the input defines Services.',
  remediation: 'Point the backend at an existing Service, or remove the rule.',
  references: {
    kubescape: ['C-0298'],
    kubeLinter: ['dangling-ingress'],
    nsa: [NSA.networkPolicies],
    mitre: [MITRE.adversaryInTheMiddle],
  },
  run(ctx) {
    for (const ingress of ctx.index.objects('Ingress', ['networking.k8s.io', 'extensions'])) {
      const services = ctx.index.objectsIn('Service', ingress.namespace ?? '').filter((s) => !s.implied);
      if (services.length === 0) continue;
      const names = new Set(services.map((s) => s.name));
      for (const backend of backendServices(objectField(ingress.raw, 'spec'))) {
        if (names.has(backend.name)) continue;
        ctx.report({
          target: ingress,
          path: backend.path,
          message: `Ingress ${ingress.name} routes to Service ${backend.name}, which the input does not define`,
        });
      }
    }
  },
});
