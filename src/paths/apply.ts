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
const refKey = (kind: string, namespace: string | undefined, name: string): string =>
  `${kind}\u0000${namespace ?? ''}\u0000${name}`;

/**
 * The objects being fixed, by position, with the lookups fixes need: by kind/namespace/name, and the objects a
 * controller owns (ownerReferences do not change with the fixes). Deleted positions are emptied, not removed.
 */
class Workspace {
  readonly current: (KubeObject | undefined)[];
  /** Current copy → the input object it replaces. */
  readonly original = new Map<KubeObject, KubeObject>();
  /** By kind (indexed when a fix first names one: plans name a few kinds of 200k objects), then by ref key. */
  private readonly byRef = new Map<string, Map<string, number>>();
  private readonly owned = new Map<string, number[]>();

  constructor(objects: readonly KubeObject[]) {
    this.current = [...objects];
    objects.forEach((o, i) => this.indexOwners(o, i));
  }

  private indexOwners(o: KubeObject, i: number): void {
    for (const r of o.ownerReferences) {
      const owner = refKey(r.kind, o.namespace, r.name);
      (this.owned.get(owner) ?? this.owned.set(owner, []).get(owner)!).push(i);
    }
  }

  private ofKind(kind: string): Map<string, number> {
    let index = this.byRef.get(kind);
    if (!index) {
      this.byRef.set(kind, (index = new Map()));
      this.current.forEach((o, i) => {
        const key = o?.kind === kind ? refKey(kind, o.namespace, o.name) : undefined;
        if (key !== undefined && !index!.has(key)) index!.set(key, i);
      });
    }
    return index;
  }

  add(o: KubeObject): void {
    this.current.push(o);
    const i = this.current.length - 1;
    const key = refKey(o.kind, o.namespace, o.name);
    const index = this.byRef.get(o.kind);
    if (index && !index.has(key)) index.set(key, i);
    this.indexOwners(o, i);
  }

  /** The position of the first live object `ref` names, or -1. */
  find(ref: ObjectRef): number {
    const i = this.ofKind(ref.kind).get(refKey(ref.kind, ref.namespace, ref.name));
    return i !== undefined && this.current[i] ? i : -1;
  }

  replace(i: number, patch: Patch): void {
    const object = this.current[i]!;
    const replacement: KubeObject = { ...object, raw: strategicMerge(object.raw, patch) };
    this.original.set(replacement, this.original.get(object) ?? object);
    this.current[i] = replacement;
    this.propagateToOwned(object, patch);
  }

  /** The pod template part of a controller's patch, applied to what it owns (ReplicaSets, then their Pods). */
  private propagateToOwned(owner: KubeObject, patch: Patch): void {
    const path = POD_SPEC_PATH[owner.kind];
    if (!path || owner.kind === 'Pod') return;
    const sub = subPatch(patch, path);
    if (!sub) return;
    for (const i of this.owned.get(refKey(owner.kind, owner.namespace, owner.name)) ?? []) {
      const o = this.current[i];
      const own = o ? POD_SPEC_PATH[o.kind] : undefined;
      if (!o || !own) continue;
      this.replace(i, wrapPatch(sub, own));
    }
  }
}

export function applyFixes(objects: readonly KubeObject[], fixes: readonly FixOption[]): AppliedFixes {
  const work = new Workspace(objects);
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
      work.add(object);
      continue;
    }
    const ref = fix.object!;
    const at = work.find(ref);
    if (at === -1) {
      problems.push(
        `${fix.id}: ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} is not in the input`,
      );
      continue;
    }
    if (action === 'delete') {
      const object = work.current[at]!;
      work.current[at] = undefined;
      deleted.push(work.original.get(object) ?? object);
      continue;
    }
    work.replace(at, fix.patch!);
  }
  const current = work.current.filter((o): o is KubeObject => o !== undefined);
  const patched = new Map<KubeObject, KubeObject>();
  for (const copy of current) {
    const input = work.original.get(copy);
    if (input) patched.set(input, copy);
  }
  return { objects: current, patched, deleted, created, problems };
}
