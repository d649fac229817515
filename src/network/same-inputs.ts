/**
 * Whether two inventories give the same network analysis, so that a plan's verification (the cluster re-analysed with
 * the plan's fixes) can keep the network analysis of the input instead of making it again (about 4 s of it, network
 * edges included, at 100k pods). Deliberately narrow: the same objects, where the only ones that differ are
 * ServiceAccounts and RBAC objects (which the network room never reads) and pod-running objects whose pod specs differ
 * only in fields it never reads either: the token, the security contexts, hostPID and hostIPC, volumes and mounts.
 * Anything else (a new NetworkPolicy, a label, hostNetwork, a port, a namespace) means analysing again.
 */

import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, type JsonObject } from '../inventory/json.js';
import { podTemplateOf } from '../inventory/pod-template.js';
import type { Inventory, KubeObject } from '../inventory/types.js';

/** Kinds (by API group) the network room does not read: its analysis depends on none of their fields. */
const RBAC = 'rbac.authorization.k8s.io';
const NOT_READ: Readonly<Record<string, string>> = {
  ServiceAccount: '',
  Role: RBAC,
  ClusterRole: RBAC,
  RoleBinding: RBAC,
  ClusterRoleBinding: RBAC,
};

/** Pod spec fields, and container fields, that decide nothing about connections. */
const POD_FIELDS = new Set(['automountServiceAccountToken', 'securityContext', 'hostPID', 'hostIPC', 'volumes']);
const CONTAINER_FIELDS = new Set(['securityContext', 'volumeMounts']);
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const read = (o: KubeObject): boolean => NOT_READ[o.kind] !== o.group;

const without = (o: JsonObject, fields: ReadonlySet<string>): JsonObject =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !fields.has(k)));

/** Where an object keeps its pod spec (`spec.template.spec` as keys), or undefined when it runs no pods. */
function podSpecPath(o: KubeObject): string[] | undefined {
  const result = podTemplateOf(o);
  return result.kind === 'template' ? result.template.specPath.split('.') : undefined;
}

/** `value` with the pod spec at `path` stripped of the fields connections do not depend on (copies along the path). */
function networkView(value: JsonObject, path: readonly string[]): JsonObject {
  if (path.length === 0) {
    const spec = without(value, POD_FIELDS);
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (Array.isArray(containers)) {
        spec[list] = containers.map((c) => (isJsonObject(c) ? without(c, CONTAINER_FIELDS) : c));
      }
    }
    return spec;
  }
  const [key, ...rest] = path as [string, ...string[]];
  const next = value[key];
  return isJsonObject(next) ? { ...value, [key]: networkView(next, rest) } : value;
}

function sameForNetwork(a: KubeObject, b: KubeObject): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.group !== b.group || a.namespace !== b.namespace || a.name !== b.name) return false;
  const path = podSpecPath(a);
  if (!path || !isDeepStrictEqual(path, podSpecPath(b))) return isDeepStrictEqual(a.raw, b.raw);
  return isDeepStrictEqual(networkView(a.raw, path), networkView(b.raw, path));
}

export function sameNetworkInputs(a: Inventory, b: Inventory): boolean {
  if (a === b) return true;
  if (a.defaultNamespace !== b.defaultNamespace) return false;
  const left = a.objects.filter(read);
  const right = b.objects.filter(read);
  return left.length === right.length && left.every((o, i) => sameForNetwork(o, right[i]!));
}
