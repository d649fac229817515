import type { JsonObject } from '../../src/inventory/json.js';
import type { KubeObject } from '../../src/inventory/types.js';
import { buildPolicy, type RbacOptions, type RbacPolicy } from '../../src/rbac/policy.js';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/** A KubeObject as the inventory would hand it over, from a manifest-like mapping. */
export function kubeObject(raw: JsonObject, file = 'test.yaml', line = 1): KubeObject {
  const metadata = (raw['metadata'] ?? {}) as JsonObject;
  const apiVersion = String(raw['apiVersion'] ?? 'v1');
  const slash = apiVersion.lastIndexOf('/');
  const object: KubeObject = {
    apiVersion,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    kind: String(raw['kind']),
    name: String(metadata['name']),
    labels: (metadata['labels'] ?? {}) as Record<string, string>,
    annotations: (metadata['annotations'] ?? {}) as Record<string, string>,
    ownerReferences: [],
    raw,
    source: { file, document: 0, line },
    input: file,
    implied: false,
  };
  if (typeof metadata['namespace'] === 'string') object.namespace = metadata['namespace'];
  return object;
}

export interface RoleSpec {
  name: string;
  namespace?: string;
  rules: JsonObject[] | null;
  labels?: Record<string, string>;
  aggregationRule?: JsonObject;
}

export interface BindingSpec {
  name?: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: JsonObject[];
}

export function clusterRole(spec: RoleSpec): KubeObject {
  const raw: JsonObject = {
    apiVersion: RBAC_V1,
    kind: 'ClusterRole',
    metadata: { name: spec.name, labels: spec.labels ?? {} },
    rules: spec.rules,
  };
  if (spec.aggregationRule) raw['aggregationRule'] = spec.aggregationRule;
  return kubeObject(raw);
}

export function role(spec: RoleSpec): KubeObject {
  return kubeObject({
    apiVersion: RBAC_V1,
    kind: 'Role',
    metadata: { name: spec.name, namespace: spec.namespace ?? 'default' },
    rules: spec.rules,
  });
}

let counter = 0;
export function binding(spec: BindingSpec): KubeObject {
  const kind = spec.namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding';
  const metadata: JsonObject = { name: spec.name ?? `binding-${++counter}` };
  if (spec.namespace !== undefined) metadata['namespace'] = spec.namespace;
  return kubeObject({
    apiVersion: RBAC_V1,
    kind,
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...spec.roleRef },
    subjects: spec.subjects,
  });
}

/** A policy from role and binding specs, without the default policy. */
export function policyOf(objects: KubeObject[], options: RbacOptions = { defaultRbac: false }): RbacPolicy {
  return buildPolicy(objects, options);
}
