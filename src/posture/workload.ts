/**
 * What the workload checks read from a pod spec: every container with the JSON path of its fields, the security
 * context as the kubelet resolves it (container fields over pod fields), volumes with their mounts, and the few
 * facts that decide whether a check applies at all (Windows pods, static pods, run-to-completion pods).
 */

import {
  arrayField,
  isJsonObject,
  objectField,
  stringField,
  type JsonObject,
  type JsonValue,
} from '../inventory/json.js';
import type { ContainerView, Workload } from '../inventory/types.js';
import { nest } from './patch.js';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

const LIST_OF: Record<ContainerView['type'], ContainerList> = {
  container: 'containers',
  initContainer: 'initContainers',
  ephemeralContainer: 'ephemeralContainers',
};

/** Security-context fields a container inherits from the pod's securityContext when it does not set them. */
const INHERITED = new Set([
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'seLinuxOptions',
  'seccompProfile',
  'appArmorProfile',
  'windowsOptions',
]);

export interface ContainerSite {
  workload: Workload;
  container: ContainerView;
  name: string;
  list: ContainerList;
  /** Index in its list. */
  index: number;
  /** JSON path of the container in the controller object, e.g. `spec.template.spec.containers[0]`. */
  path: string;
  /** The container's own securityContext. */
  sc: JsonObject | undefined;
  /** An init container with `restartPolicy: Always`: a sidecar that runs as long as the pod. */
  sidecar: boolean;
  /** Runs for the pod's whole life: regular containers and sidecars. */
  longRunning: boolean;
}

export function podSpec(workload: Workload): JsonObject {
  return workload.template.spec;
}

export function podSecurityContext(workload: Workload): JsonObject | undefined {
  return objectField(workload.template.spec, 'securityContext');
}

/** `spec.os.name: windows`: PSS exempts such pods from the Linux-only controls, and so do we. */
export function isWindows(workload: Workload): boolean {
  return stringField(objectField(workload.template.spec, 'os'), 'name') === 'windows';
}

/** A static pod's mirror (`kubernetes.io/config.mirror`, or owned by its Node): the kubelet runs it from a file. */
export function isStaticPod(workload: Workload): boolean {
  const object = workload.object;
  if (!object) return false;
  if (object.annotations['kubernetes.io/config.mirror'] !== undefined) return true;
  return object.ownerReferences.some((ref) => ref.kind === 'Node');
}

/** Jobs, CronJobs and bare pods that do not restart: they run to completion and are not served traffic. */
export function runsToCompletion(workload: Workload): boolean {
  if (workload.kind === 'Job' || workload.kind === 'CronJob') return true;
  const policy = stringField(workload.template.spec, 'restartPolicy');
  return workload.kind === 'Pod' && (policy === 'Never' || policy === 'OnFailure');
}

export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Every container of the workload, init and ephemeral ones included, with its path. */
export function containerSites(workload: Workload): ContainerSite[] {
  const counters: Record<ContainerList, number> = { containers: 0, initContainers: 0, ephemeralContainers: 0 };
  return workload.template.containers.map((container) => {
    const list = LIST_OF[container.type];
    const index = counters[list]++;
    const sidecar = list === 'initContainers' && stringField(container.raw, 'restartPolicy') === 'Always';
    return {
      workload,
      container,
      name: container.name,
      list,
      index,
      path: `${workload.template.specPath}.${list}[${index}]`,
      sc: objectField(container.raw, 'securityContext'),
      sidecar,
      longRunning: list === 'containers' || sidecar,
    };
  });
}

/** A security-context field as the kubelet resolves it: the container's value, else the pod's for inherited fields. */
export function effective(site: ContainerSite, field: string): JsonValue | undefined {
  const own = site.sc?.[field];
  if (own !== undefined && own !== null) return own;
  if (!INHERITED.has(field)) return undefined;
  const pod = podSecurityContext(site.workload)?.[field];
  return pod === null ? undefined : pod;
}

/** Where an effective field comes from, for messages: the container's path or the pod's. */
export function effectivePath(site: ContainerSite, field: string): string {
  const own = site.sc?.[field];
  if (own !== undefined && own !== null) return `${site.path}.securityContext.${field}`;
  return `${site.workload.template.specPath}.securityContext.${field}`;
}

/** A strategic-merge patch of the pod spec, nested at the controller's template path. */
export function podPatch(workload: Workload, fields: JsonObject): JsonObject {
  return nest(workload.template.specPath, fields);
}

/** A strategic-merge patch of one container (merged by name); undefined for ephemeral containers, which no patch edits. */
export function containerPatch(site: ContainerSite, fields: JsonObject): JsonObject | undefined {
  if (site.list === 'ephemeralContainers') return undefined;
  return podPatch(site.workload, { [site.list]: [{ name: site.name, ...fields }] });
}

export interface VolumeSite {
  name: string;
  raw: JsonObject;
  index: number;
  path: string;
}

export function volumes(workload: Workload): VolumeSite[] {
  const out: VolumeSite[] = [];
  (arrayField(workload.template.spec, 'volumes') ?? []).forEach((raw, index) => {
    if (!isJsonObject(raw)) return;
    out.push({
      name: stringField(raw, 'name') ?? '',
      raw,
      index,
      path: `${workload.template.specPath}.volumes[${index}]`,
    });
  });
  return out;
}

export interface MountSite {
  site: ContainerSite;
  mount: JsonObject;
  index: number;
  readOnly: boolean;
}

/** The mounts of a volume, in every container that mounts it. */
export function mountsOf(workload: Workload, volumeName: string, sites = containerSites(workload)): MountSite[] {
  const out: MountSite[] = [];
  for (const site of sites) {
    (arrayField(site.container.raw, 'volumeMounts') ?? []).forEach((mount, index) => {
      if (!isJsonObject(mount) || stringField(mount, 'name') !== volumeName) return;
      out.push({ site, mount, index, readOnly: mount['readOnly'] === true });
    });
  }
  return out;
}

/** The strings of a list field (capabilities, args, ...); entries that are not strings are skipped. */
export function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A number field, or undefined when missing or not a number. */
export function numberValue(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
