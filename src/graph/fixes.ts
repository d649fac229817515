import type { KubeObject } from '../inventory/types.js';
import type { Evidence, RbacBinding } from '../rbac/index.js';
import type { ContainerInfo, WorkloadInfo } from './context.js';
import type { FixOption, ObjectRef } from './model.js';

/**
 * Fix builders shared by the techniques. Ids are stable and name the change, so that the same change found from two
 * edges is one fix: `<Kind>/<ns>/<name>:<change>`. Costs (0..1) say how disruptive a change is.
 */

export const COST = {
  dropCapability: 0.1,
  readOnlyMount: 0.2,
  noHostNamespace: 0.3,
  unprivileged: 0.3,
  noTokenUnused: 0.2,
  noTokenUsed: 0.6,
  removeVolume: 0.5,
  removeSubject: 0.4,
  removeControllerSubject: 0.8,
  defaultBinding: 1,
  denyEgress: 0.6,
  denyIngress: 0.7,
  removeCloudIdentity: 0.8,
  closeExposure: 0.9,
  psaLevel: 0.5,
} as const;

function refText(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function objectRef(o: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.name };
  if (o.namespace !== undefined) ref.namespace = o.namespace;
  return ref;
}

/** Wraps a pod-spec patch in the path of the workload's kind (`spec.template.spec`, CronJob, bare Pod). */
export function podSpecPatch(wi: WorkloadInfo, specPatch: Record<string, unknown>): Record<string, unknown> {
  switch (wi.workload.kind) {
    case 'Pod':
      return { spec: specPatch };
    case 'CronJob':
      return { spec: { jobTemplate: { spec: { template: { spec: specPatch } } } } };
    default:
      return { spec: { template: { spec: specPatch } } };
  }
}

function workloadFix(
  wi: WorkloadInfo,
  change: string,
  title: string,
  cost: number,
  spec: Record<string, unknown>,
): FixOption {
  const ref = wi.ref ?? { apiVersion: '', kind: wi.workload.kind, namespace: wi.namespace, name: wi.workload.name };
  return { id: `${refText(ref)}:${change}`, title, cost, object: ref, patch: podSpecPatch(wi, spec), action: 'patch' };
}

function containerPatch(c: ContainerInfo, fields: Record<string, unknown>): Record<string, unknown> {
  return { [c.list]: [{ name: c.name, ...fields }] };
}

export function fixUnprivileged(wi: WorkloadInfo, c: ContainerInfo): FixOption {
  return workloadFix(
    wi,
    `containers/${c.name}/privileged=false`,
    `Set securityContext.privileged: false on container ${c.name} of ${wi.id.slice(9)}`,
    COST.unprivileged,
    containerPatch(c, { securityContext: { privileged: false } }),
  );
}

export function fixDropCapabilities(wi: WorkloadInfo, c: ContainerInfo, drop: readonly string[]): FixOption {
  const keep = [...c.caps].filter((x) => !drop.includes(x) && x !== 'ALL').sort();
  return workloadFix(
    wi,
    `containers/${c.name}/drop=${[...drop].sort().join(',')}`,
    `Remove ${drop.join(', ')} from capabilities.add of container ${c.name} of ${wi.id.slice(9)}`,
    COST.dropCapability,
    containerPatch(c, { securityContext: { capabilities: { add: keep } } }),
  );
}

/** Several changes that only together remove an edge (e.g. privileged and an added capability). */
export function combine(fixes: readonly FixOption[]): FixOption {
  if (fixes.length === 1) return fixes[0]!;
  const first = fixes[0]!;
  const patch: Record<string, unknown> = {};
  // Copies: merging must not change the patches of the fixes combined (they are shared by other edges).
  for (const f of fixes) deepMerge(patch, structuredClone(f.patch ?? {}));
  const out: FixOption = {
    id: fixes.map((f) => f.id).join('+'),
    title: fixes.map((f) => f.title).join('; and '),
    cost: Math.min(
      1,
      fixes.reduce((s, f) => s + f.cost, 0),
    ),
    patch,
    action: 'patch',
  };
  if (first.object) out.object = first.object;
  return out;
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (Array.isArray(cur) && Array.isArray(v)) {
      for (const item of v) {
        const name = isRecord(item) ? item['name'] : undefined;
        const same = name !== undefined ? cur.find((x) => isRecord(x) && x['name'] === name) : undefined;
        if (isRecord(same) && isRecord(item)) deepMerge(same, item);
        else cur.push(item);
      }
    } else if (isRecord(cur) && isRecord(v)) deepMerge(cur, v);
    else into[k] = Array.isArray(v) ? v.map((x) => (isRecord(x) ? { ...x } : x)) : isRecord(v) ? { ...v } : v;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function fixPodFlag(wi: WorkloadInfo, field: 'hostPID' | 'hostIPC' | 'hostNetwork'): FixOption {
  return workloadFix(
    wi,
    `${field}=false`,
    `Set ${field}: false on the pod template of ${wi.id.slice(9)}`,
    COST.noHostNamespace,
    { [field]: false },
  );
}

export function fixReadOnlyMount(wi: WorkloadInfo, c: ContainerInfo, mountPath: string): FixOption {
  return workloadFix(
    wi,
    `containers/${c.name}/mount${mountPath}=readOnly`,
    `Mount ${mountPath} read-only in container ${c.name} of ${wi.id.slice(9)}`,
    COST.readOnlyMount,
    containerPatch(c, { volumeMounts: [{ mountPath, readOnly: true }] }),
  );
}

export function fixRemoveVolume(wi: WorkloadInfo, volume: string): FixOption {
  const lists = new Map<string, Record<string, unknown>[]>();
  for (const c of wi.containers) {
    const mounts = c.mounts.filter((m) => m.volume === volume);
    if (mounts.length === 0) continue;
    const list = lists.get(c.list) ?? [];
    list.push({ name: c.name, volumeMounts: mounts.map((m) => ({ mountPath: m.mountPath, $patch: 'delete' })) });
    lists.set(c.list, list);
  }
  return workloadFix(
    wi,
    `volumes/${volume}=removed`,
    `Remove volume ${volume} (and its mounts) from ${wi.id.slice(9)}`,
    COST.removeVolume,
    { volumes: [{ name: volume, $patch: 'delete' }], ...Object.fromEntries(lists) },
  );
}

/** Stop mounting the service account token: automount off, or the projected token volume removed. */
export function fixNoToken(wi: WorkloadInfo, used: boolean): FixOption[] {
  if (wi.token === 'projected') {
    const out: FixOption[] = [];
    for (const v of (wi.spec['volumes'] as unknown[] | undefined) ?? []) {
      if (!isRecord(v) || !isRecord(v['projected'])) continue;
      if (String(v['name']).startsWith('kube-api-access-')) continue; // the automount's own volume

      const sources = v['projected']['sources'];
      if (Array.isArray(sources) && sources.some((s) => isRecord(s) && s['serviceAccountToken'])) {
        out.push(fixRemoveVolume(wi, String(v['name'])));
      }
    }
    return out;
  }
  return [
    workloadFix(
      wi,
      'automountServiceAccountToken=false',
      `Set automountServiceAccountToken: false on the pod template of ${wi.id.slice(9)}` +
        (used ? ' (its account has permissions: check the application does not call the API)' : ''),
      used ? COST.noTokenUsed : COST.noTokenUnused,
      { automountServiceAccountToken: false },
    ),
  ];
}

export function fixRemoveAnnotation(o: KubeObject, key: string, cost: number = COST.removeCloudIdentity): FixOption {
  const ref = objectRef(o);
  return {
    id: `${refText(ref)}:annotation/${key}=removed`,
    title: `Remove annotation ${key} from ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
    cost,
    object: ref,
    patch: { metadata: { annotations: { [key]: null } } },
    action: 'patch',
  };
}

/** Whether a binding subject names the holder (itself or one of its groups). */
function subjectMatches(
  subject: { kind: string; name: string; namespace?: string },
  holder: { name: string; groups: readonly string[] },
  bindingNs: string | undefined,
): boolean {
  if (subject.kind === 'ServiceAccount') {
    return `system:serviceaccount:${subject.namespace ?? bindingNs ?? ''}:${subject.name}` === holder.name;
  }
  if (subject.kind === 'User') return subject.name === holder.name;
  if (subject.kind === 'Group') return holder.groups.includes(subject.name);
  return false;
}

/**
 * Removing the holder from the bindings the evidence names (the subjects naming it or a group of it); a binding left
 * with no subject is deleted instead. One fix for all the bindings, since any one of them would keep the edge.
 */
export function fixBindings(
  evidence: readonly Evidence[],
  holder: { name: string; groups: readonly string[] },
  usedByWorkload: boolean,
): FixOption[] {
  const bindings = new Set<RbacBinding>();
  for (const e of evidence) if (e.binding) bindings.add(e.binding);
  return fixBindingSubjects(bindings, holder, usedByWorkload);
}

/** Removing the holder from each of these bindings (deleting those left with no subject), as one fix. */
export function fixBindingSubjects(
  bindings: ReadonlySet<RbacBinding>,
  holder: { name: string; groups: readonly string[] },
  usedByWorkload: boolean,
): FixOption[] {
  if (bindings.size === 0) return [];
  const parts: FixOption[] = [];
  for (const b of bindings) {
    const ref = objectRef(b.object);
    const keep = b.subjects.filter((s) => !subjectMatches(s, holder, b.namespace));
    const removed = b.subjects.filter((s) => subjectMatches(s, holder, b.namespace)).map((s) => `${s.kind}:${s.name}`);
    const cost = b.isDefault ? COST.defaultBinding : usedByWorkload ? COST.removeControllerSubject : COST.removeSubject;
    if (keep.length === 0) {
      parts.push({
        id: `${refText(ref)}:deleted`,
        title: `Delete ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`,
        cost,
        object: ref,
        action: 'delete',
      });
    } else {
      parts.push({
        id: `${refText(ref)}:subjects-${removed.join(',')}`,
        title: `Remove ${removed.join(', ')} from the subjects of ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`,
        cost,
        object: ref,
        patch: { subjects: keep.map((s) => ({ ...s })) },
        action: 'patch',
      });
    }
  }
  if (parts.length === 1) return parts;
  // Several bindings grant it: only removing all of them removes the edge.
  return [
    {
      id: parts.map((p) => p.id).join('+'),
      title: parts.map((p) => p.title).join('; and '),
      cost: Math.min(
        1,
        parts.reduce((s, p) => s + p.cost, 0),
      ),
    },
  ];
}

/** A new NetworkPolicy isolating the workload's pods in one direction (only DNS left open for egress). */
const isolateMemo = new WeakMap<WorkloadInfo, Map<string, FixOption>>();

export function fixIsolate(wi: WorkloadInfo, direction: 'Egress' | 'Ingress'): FixOption {
  let memo = isolateMemo.get(wi);
  if (!memo) isolateMemo.set(wi, (memo = new Map()));
  let fix = memo.get(direction);
  if (!fix) memo.set(direction, (fix = makeIsolate(wi, direction)));
  return fix;
}

function makeIsolate(wi: WorkloadInfo, direction: 'Egress' | 'Ingress'): FixOption {
  const name = `${wi.workload.name}-deny-${direction.toLowerCase()}`.slice(0, 63);
  const spec: Record<string, unknown> = {
    podSelector: { matchLabels: { ...wi.selector } },
    policyTypes: [direction],
  };
  if (direction === 'Egress') {
    spec['egress'] = [
      {
        to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
    ];
  } else spec['ingress'] = [];
  const ref: ObjectRef = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: wi.namespace, name };
  return {
    id: `NetworkPolicy/${wi.namespace}/${name}:created`,
    title:
      direction === 'Egress'
        ? `Add NetworkPolicy ${wi.namespace}/${name}: ${wi.id.slice(9)} may only resolve DNS (then allow the flows it needs)`
        : `Add NetworkPolicy ${wi.namespace}/${name}: nothing may connect to ${wi.id.slice(9)} (then allow its clients)`,
    cost: direction === 'Egress' ? COST.denyEgress : COST.denyIngress,
    object: ref,
    patch: { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name, namespace: wi.namespace }, spec },
    action: 'create',
  };
}

export function fixNamespaceLevel(namespace: string, level: 'baseline' | 'restricted' = 'baseline'): FixOption {
  return {
    id: `Namespace/${namespace}:enforce=${level}`,
    title: `Label namespace ${namespace} pod-security.kubernetes.io/enforce: ${level}`,
    cost: COST.psaLevel,
    object: { apiVersion: 'v1', kind: 'Namespace', name: namespace },
    patch: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': level } } },
    action: 'patch',
  };
}

/** Changes that only together remove an edge, possibly to several objects. */
export function allOf(fixes: readonly FixOption[]): FixOption[] {
  if (fixes.length <= 1) return [...fixes];
  const objects = new Set(fixes.map((f) => (f.object ? refText(f.object) : '')));
  if (objects.size === 1 && fixes.every((f) => f.action === 'patch')) return [combine(fixes)];
  return [
    {
      id: fixes.map((f) => f.id).join('+'),
      title: fixes.map((f) => f.title).join('; and '),
      cost: Math.min(
        1,
        fixes.reduce((s, f) => s + f.cost, 0),
      ),
    },
  ];
}
