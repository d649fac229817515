/** Fixes applied to the inventory's objects in memory: patches merged, objects deleted, new objects added. */

import { isJsonObject, type JsonObject } from '../inventory/json.js';
import type { KubeObject } from '../inventory/types.js';
import type { FixOption, ObjectRef } from '../graph/model.js';
import { strategicMerge } from './merge.js';

export type FixAction = 'patch' | 'delete' | 'create';

/**
 * What a fix does. The technique registry writes: `object` and `patch` for a strategic-merge patch of that object,
 * `object` alone (or a patch `{ $patch: delete }`) to delete it, and `patch` alone holding a whole manifest (with
 * apiVersion, kind and metadata.name) for a new object such as a NetworkPolicy.
 */
export function fixAction(fix: Pick<FixOption, 'object' | 'patch' | 'action'>): FixAction {
  if (fix.action) return fix.action;
  if (!fix.object) return 'create';
  if (!fix.patch || fix.patch['$patch'] === 'delete') return 'delete';
  return 'patch';
}

/** The object a new-object fix creates, as a reference. */
export function createdRef(fix: Pick<FixOption, 'patch'>): ObjectRef | undefined {
  const manifest = fix.patch;
  if (!manifest) return undefined;
  const metadata = isJsonObject(manifest['metadata'] as JsonObject) ? (manifest['metadata'] as JsonObject) : {};
  const apiVersion = manifest['apiVersion'];
  const kind = manifest['kind'];
  const name = metadata['name'];
  const namespace = metadata['namespace'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  return { apiVersion, kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) };
}

export function matchesRef(object: Pick<KubeObject, 'kind' | 'name' | 'namespace'>, ref: ObjectRef): boolean {
  return object.kind === ref.kind && object.name === ref.name && (object.namespace ?? '') === (ref.namespace ?? '');
}

export interface AppliedFixes {
  /** The objects after the fixes, in input order, new objects last. */
  objects: KubeObject[];
  /** Originals that were patched, by their replacement. */
  patched: Map<KubeObject, KubeObject>;
  deleted: KubeObject[];
  created: KubeObject[];
  /** Fixes that name an object the input does not have, or a new object without a name. */
  problems: string[];
}

/** Where new objects are said to come from. */
export const PLAN_SOURCE = 'chokepoint-plan.yaml';

/** Where each kind that runs pods keeps its pod spec. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

type Patch = Record<string, unknown>;

const isPatch = (v: unknown): v is Patch => typeof v === 'object' && v !== null && !Array.isArray(v);

function subPatch(patch: Patch, path: readonly string[]): Patch | undefined {
  let at: Patch = patch;
  for (const key of path) {
    const next = at[key];
    if (!isPatch(next)) return undefined;
    at = next;
  }
  return at;
}

function wrapPatch(sub: Patch, path: readonly string[]): Patch {
  return path.reduceRight<Patch>((inner, key) => ({ [key]: inner }), sub);
}

/**
 * A controller's pod template patched means new pods: the objects it owns (ReplicaSets, Jobs, Pods of a dump) get the
 * same pod-spec change, as the rollout would give them, so that the re-analysed cluster (whose workloads are read from
 * their live pods when the input has them) and the written copies show the fix.
 */
function propagateToOwned(
  current: KubeObject[],
  original: Map<KubeObject, KubeObject>,
  owner: KubeObject,
  patch: Patch,
): void {
  const path = POD_SPEC_PATH[owner.kind];
  if (!path || owner.kind === 'Pod') return;
  const sub = subPatch(patch, path);
  if (!sub) return;
  for (const [i, o] of current.entries()) {
    const own = POD_SPEC_PATH[o.kind];
    if (!own || (o.namespace ?? '') !== (owner.namespace ?? '')) continue;
    if (!o.ownerReferences.some((r) => r.kind === owner.kind && r.name === owner.name)) continue;
    const ownPatch = wrapPatch(sub, own);
    const replacement: KubeObject = { ...o, raw: strategicMerge(o.raw, ownPatch) };
    original.set(replacement, original.get(o) ?? o);
    current[i] = replacement;
    propagateToOwned(current, original, o, ownPatch);
  }
}

/** Applies the fixes in order to `objects` (not changed); several patches to one object all apply. */
export function applyFixes(objects: readonly KubeObject[], fixes: readonly FixOption[]): AppliedFixes {
  const current = [...objects];
  const original = new Map<KubeObject, KubeObject>(); // current copy → the input object it replaces
  const deleted: KubeObject[] = [];
  const created: KubeObject[] = [];
  const problems: string[] = [];
  for (const fix of fixes) {
    const action = fixAction(fix);
    if (action === 'create') {
      const ref = createdRef(fix);
      if (!ref) {
        problems.push(`${fix.id}: the new object has no apiVersion, kind or metadata.name`);
        continue;
      }
      const raw = structuredClone(fix.patch) as JsonObject;
      const object: KubeObject = {
        apiVersion: ref.apiVersion,
        group: ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '',
        kind: ref.kind,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
        labels: {},
        annotations: {},
        ownerReferences: [],
        raw,
        source: { file: PLAN_SOURCE, document: created.length, line: 1 },
        input: objects[0]?.input ?? PLAN_SOURCE,
        implied: false,
      };
      created.push(object);
      current.push(object);
      continue;
    }
    const ref = fix.object!;
    const at = current.findIndex((o) => matchesRef(o, ref));
    if (at === -1) {
      problems.push(
        `${fix.id}: ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} is not in the input`,
      );
      continue;
    }
    const object = current[at]!;
    if (action === 'delete') {
      current.splice(at, 1);
      deleted.push(original.get(object) ?? object);
      continue;
    }
    const replacement: KubeObject = { ...object, raw: strategicMerge(object.raw, fix.patch!) };
    original.set(replacement, original.get(object) ?? object);
    current[at] = replacement;
    propagateToOwned(current, original, object, fix.patch!);
  }
  const patched = new Map<KubeObject, KubeObject>();
  for (const [copy, input] of original) if (current.includes(copy)) patched.set(input, copy);
  return { objects: current, patched, deleted, created, problems };
}
