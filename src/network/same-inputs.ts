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
import { sameName } from '../inventory/objects.js';
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

/** Where an object keeps its pod spec (`spec.template.spec` as keys), or undefined when it runs no pods. */
function podSpecPath(o: KubeObject): string[] | undefined {
  const result = podTemplateOf(o);
  return result.kind === 'template' ? result.template.specPath.split('.') : undefined;
}

/** Whether two maps are equal leaving out the fields in `skip` (the same value first: a merge shares what it keeps). */
function sameWithout(
  a: JsonObject,
  b: JsonObject,
  skip: ReadonlySet<string>,
  same: (x: unknown, y: unknown, key: string) => boolean,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!skip.has(key) && !same(a[key], b[key], key)) return false;
  return true;
}

const deepEqual = (x: unknown, y: unknown): boolean => x === y || isDeepStrictEqual(x, y);

/** Two containers alike for connections: equal but for CONTAINER_FIELDS. */
const sameContainer = (x: unknown, y: unknown): boolean =>
  x === y || (isJsonObject(x) && isJsonObject(y) ? sameWithout(x, y, CONTAINER_FIELDS, deepEqual) : deepEqual(x, y));

/** Two pod specs alike for connections: equal but for POD_FIELDS, their containers but for CONTAINER_FIELDS. */
function sameSpec(a: JsonObject, b: JsonObject): boolean {
  return sameWithout(a, b, POD_FIELDS, (x, y, key) => {
    if (x === y) return true;
    if (!CONTAINER_LISTS.has(key) || !Array.isArray(x) || !Array.isArray(y)) return deepEqual(x, y);
    return x.length === y.length && x.every((c, i) => sameContainer(c, y[i]));
  });
}

/** Two objects alike for connections: the same but for the pod spec at `path`, which is alike (sameSpec). */
function sameAlong(a: JsonObject, b: JsonObject, path: readonly string[]): boolean {
  if (path.length === 0) return sameSpec(a, b);
  const [key, ...rest] = path as [string, ...string[]];
  const [x, y] = [a[key], b[key]];
  const inner = isJsonObject(x) && isJsonObject(y) ? sameAlong(x, y, rest) : deepEqual(x, y);
  return inner && sameWithout(a, b, new Set([key]), deepEqual);
}

function sameForNetwork(a: KubeObject, b: KubeObject): boolean {
  if (a === b) return true;
  if (!sameName(a, b)) return false;
  const path = podSpecPath(a);
  if (!path || !isDeepStrictEqual(path, podSpecPath(b))) return isDeepStrictEqual(a.raw, b.raw);
  return sameAlong(a.raw, b.raw, path);
}

export function sameNetworkInputs(a: Inventory, b: Inventory): boolean {
  if (a === b) return true;
  if (a.defaultNamespace !== b.defaultNamespace) return false;
  // The objects the network room reads, pairwise in order (200k objects at 100k pods: no filtered copies).
  const [left, right] = [a.objects, b.objects];
  for (let i = 0, j = 0; ; i++, j++) {
    while (i < left.length && !read(left[i]!)) i++;
    while (j < right.length && !read(right[j]!)) j++;
    if (i === left.length || j === right.length) return i === left.length && j === right.length;
    if (!sameForNetwork(left[i]!, right[j]!)) return false;
  }
}
