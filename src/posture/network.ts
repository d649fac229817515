/** NetworkPolicy and Service facts the network posture checks share. */

import { arrayField, objectField, stringField, type JsonObject } from '../inventory/json.js';
import type { KubeObject, Workload } from '../inventory/types.js';
import type { PostureIndex } from './context.js';
import { selectorMatches } from './selectors.js';
import { strings } from './workload.js';

export function policySpec(policy: KubeObject): JsonObject | undefined {
  return objectField(policy.raw, 'spec');
}

/** The policy types a NetworkPolicy has: as written, or (unset) Ingress plus Egress when it has egress rules. */
export function policyTypes(policy: KubeObject): string[] {
  const spec = policySpec(policy);
  const written = strings(spec?.['policyTypes']);
  if (written.length > 0) return written;
  return arrayField(spec, 'egress') ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function networkPolicies(index: PostureIndex, namespace: string): KubeObject[] {
  return index
    .objectsIn('NetworkPolicy', namespace)
    .filter((p) => p.group === 'networking.k8s.io' || p.group === 'extensions');
}

export function policySelects(policy: KubeObject, workload: Workload): boolean {
  return selectorMatches(objectField(policySpec(policy), 'podSelector') ?? {}, workload.template.labels);
}

export function usesHostNetwork(workload: Workload): boolean {
  return workload.template.spec['hostNetwork'] === true;
}

export function serviceSpec(service: KubeObject): JsonObject | undefined {
  return objectField(service.raw, 'spec');
}

export function serviceType(service: KubeObject): string {
  return stringField(serviceSpec(service), 'type') ?? 'ClusterIP';
}
