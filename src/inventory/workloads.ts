import { isDeepStrictEqual } from 'node:util';
import { arrayField, isJsonObject, objectField, stringField } from './json.js';
import { describeObject, sameName } from './objects.js';
import { podTemplateOf } from './pod-template.js';
import type { InputError, KubeObject, OwnerReference, PodInstance, PodTemplateView, Workload } from './types.js';

interface Member {
  object: KubeObject;
  template: PodTemplateView;
}

/** What a group of members is known as: an object of the input, or a controller named only by ownerReferences. */
type Root = { object: KubeObject } | { kind: string; namespace: string; name: string };

function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${kind}/${name}`;
}

/** The owner that controls an object (`controller: true`), or its only owner. */
function controllerOf(object: KubeObject): OwnerReference | undefined {
  return (
    object.ownerReferences.find((ref) => ref.controller) ??
    (object.ownerReferences.length === 1 ? object.ownerReferences[0] : undefined)
  );
}

/**
 * Turns every object that runs pods into workloads: all replicas of a controller are one workload. In a live-cluster
 * dump, Pods are grouped under their owning controller through ownerReferences (Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob), and the pods' own specs, as admitted, are the truth for the workload.
 */
export function buildWorkloads(objects: readonly KubeObject[], errors: InputError[]): Workload[] {
  const members = new Map<KubeObject, Member>();
  for (const object of objects) {
    if (object.namespace === undefined) continue;
    const result = podTemplateOf(object);
    if (result.kind === 'template') members.set(object, { object, template: result.template });
    if (result.kind === 'invalid') {
      errors.push({
        file: object.source.file,
        line: object.source.line,
        object: describeObject(object.kind, object.name, object.namespace),
        message: `${result.message}; the object is kept but runs no workload`,
      });
    }
  }
  const byUid = new Map<string, KubeObject>();
  const byKey = new Map<string, KubeObject>();
  for (const object of objects) {
    if (object.uid) byUid.set(object.uid, object);
    byKey.set(keyOf(object.kind, object.namespace, object.name), object);
  }

  const rootOf = (start: KubeObject): Root => {
    let current = start;
    const seen = new Set<KubeObject>([start]);
    for (;;) {
      const ref = controllerOf(current);
      if (!ref) return { object: current };
      const owner =
        (ref.uid ? byUid.get(ref.uid) : undefined) ?? byKey.get(keyOf(ref.kind, current.namespace, ref.name));
      if (owner) {
        if (!members.has(owner) || seen.has(owner)) return { object: current };
        seen.add(owner);
        current = owner;
        continue;
      }
      // Static pods are owned by their Node: each is a workload of its own.
      if (ref.kind === 'Node') return { object: current };
      return { kind: ref.kind, namespace: current.namespace!, name: ref.name };
    }
  };

  const groups = new Map<string, { root: Root; members: Member[] }>();
  for (const member of members.values()) {
    const root = rootOf(member.object);
    const key =
      'object' in root
        ? keyOf(root.object.kind, root.object.namespace, root.object.name)
        : keyOf(root.kind, root.namespace, root.name);
    const group = groups.get(key) ?? { root, members: [] };
    group.members.push(member);
    groups.set(key, group);
  }

  const workloads = [...groups.values()].map(({ root, members: group }) => {
    const workload = toWorkload(root, group, members);
    groupOf.set(workload, { root, members: group });
    return workload;
  });
  return workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each workload's group as buildWorkloads found it, so that an edited copy of the objects can reuse the grouping. */
const groupOf = new WeakMap<Workload, { root: Root; members: Member[] }>();

/** Whether an edited object stands where its original did in the grouping: same identity and owners. */
function sameIdentity(a: KubeObject, b: KubeObject): boolean {
  return sameName(a, b) && a.uid === b.uid && isDeepStrictEqual(a.ownerReferences, b.ownerReferences);
}

/**
 * The workloads of `objects` when they are `before` (the objects `workloads` were built from, by buildWorkloads)
 * edited in place: position for position the same identity and owners, and, for each edited object, still a valid
 * pod template or still none. The grouping then cannot change: workloads none of whose objects changed are reused,
 * the others are read again from their edited objects. Undefined when `objects` are not such an edit (build them
 * anew). A plan's verification edits 9.5k of 200k objects at 100k pods.
 */
export function editedWorkloads(
  workloads: readonly Workload[],
  before: readonly KubeObject[],
  objects: readonly KubeObject[],
): Workload[] | undefined {
  if (before.length !== objects.length) return undefined;
  const edited = new Map<KubeObject, KubeObject>();
  for (let i = 0; i < objects.length; i++) {
    const [a, b] = [before[i]!, objects[i]!];
    if (a === b) continue;
    if (!sameIdentity(a, b)) return undefined;
    const [ta, tb] = [podTemplateOf(a), podTemplateOf(b)];
    if (ta.kind === 'invalid' || ta.kind !== tb.kind) return undefined;
    edited.set(a, b);
  }
  if (edited.size === 0) return [...workloads];
  const out: Workload[] = [];
  for (const workload of workloads) {
    const group = groupOf.get(workload);
    if (!group) return undefined;
    const rootObject = 'object' in group.root ? group.root.object : undefined;
    if (!group.members.some((m) => edited.has(m.object)) && !(rootObject && edited.has(rootObject))) {
      out.push(workload);
      continue;
    }
    const swap = (o: KubeObject): KubeObject => edited.get(o) ?? o;
    const members = group.members.map((m): Member => {
      const object = swap(m.object);
      const result = podTemplateOf(object);
      return { object, template: result.kind === 'template' ? result.template : m.template };
    });
    const root: Root = rootObject ? { object: swap(rootObject) } : group.root;
    const rebuilt = toWorkload(root, members, new Map(members.map((m) => [m.object, m])));
    groupOf.set(rebuilt, { root, members });
    out.push(rebuilt);
  }
  return out;
}

function isPod(object: KubeObject): boolean {
  return object.kind === 'Pod' && object.group === '';
}

function createdAt(object: KubeObject): string {
  return stringField(objectField(object.raw, 'metadata'), 'creationTimestamp') ?? '';
}

/** Newest first, by creation time, then by name so that the choice is stable. */
function newest(members: Member[]): Member {
  return members.reduce((best, m) => {
    const [a, b] = [createdAt(m.object), createdAt(best.object)];
    return a > b || (a === b && m.object.name < best.object.name) ? m : best;
  });
}

function toWorkload(root: Root, group: Member[], members: Map<KubeObject, Member>): Workload {
  const pods = group.filter((m) => isPod(m.object));
  const rootObject = 'object' in root ? root.object : undefined;
  const kind = rootObject?.kind ?? ('kind' in root ? root.kind : '');
  const name = rootObject?.name ?? ('name' in root ? root.name : '');
  const namespace = rootObject?.namespace ?? ('namespace' in root ? root.namespace : '');
  const rootMember = rootObject ? members.get(rootObject) : undefined;
  const chosen = pods.length > 0 ? newest(pods) : (rootMember ?? newest(group));
  const workload: Workload = {
    id: `Workload:${namespace}/${kind}/${name}`,
    kind,
    namespace,
    name,
    template: chosen.template,
    templateFrom: pods.length > 0 ? 'pods' : 'template',
    pods: pods.map((m) => podInstance(m)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    source: (rootObject ?? chosen.object).source,
  };
  if (rootObject) workload.object = rootObject;
  return workload;
}

function podInstance({ object, template }: Member): PodInstance {
  const status = objectField(object.raw, 'status');
  const ips = (arrayField(status, 'podIPs') ?? [])
    .map((entry) => (isJsonObject(entry) ? stringField(entry, 'ip') : undefined))
    .filter((ip): ip is string => typeof ip === 'string');
  const podIP = stringField(status, 'podIP');
  if (ips.length === 0 && podIP) ips.push(podIP);
  const instance: PodInstance = { name: object.name, podIPs: ips, template, object };
  const nodeName = stringField(template.spec, 'nodeName');
  if (nodeName) instance.nodeName = nodeName;
  const phase = stringField(status, 'phase');
  if (phase) instance.phase = phase;
  return instance;
}
