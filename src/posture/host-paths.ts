/**
 * What a hostPath volume exposes, for CKP-205..208: each hostPath volume is reported by exactly one of them, the
 * most severe that applies (runtime socket, then sensitive path, then writable, then any other hostPath).
 */

import { objectField, stringField, type JsonObject } from '../inventory/json.js';
import type { Workload } from '../inventory/types.js';
import type { PostureIndex } from './context.js';
import { mountsOf, volumes, type MountSite, type VolumeSite } from './workload.js';

/** Container runtime sockets: whoever can talk to them runs any container on the node. */
export const RUNTIME_SOCKETS: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/dockershim.sock',
  '/run/k3s/containerd/containerd.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
];

/**
 * Host paths that hold the node's identity, code or kernel interfaces: Trivy's KSV-0121 list (/, /boot, /dev, /etc,
 * /lib, /proc, /sys, /usr, /var/lib/docker) plus the kubelet's and runtimes' state, binaries and root's home.
 */
export const SENSITIVE_PATHS: readonly string[] = [
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/proc',
  '/sys',
  '/usr',
  '/bin',
  '/sbin',
  '/root',
  '/home',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/etcd',
  '/opt/cni/bin',
];

/** `/sys/fs/` → `/sys/fs`; `//etc` → `/etc`. */
export function normalizeHostPath(path: string): string {
  const collapsed = path.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The path is a runtime socket or a folder that contains one (`/var/run`, `/run/containerd`, `/var`); not `/`. */
export function exposesRuntimeSocket(path: string): boolean {
  return path !== '/' && RUNTIME_SOCKETS.some((socket) => within(socket, path));
}

/** The whole host (`/`), or a sensitive path, inside one or containing one (`/var/lib` holds the kubelet's). */
export function isSensitiveHostPath(path: string): boolean {
  if (path === '/') return true;
  return SENSITIVE_PATHS.some((sensitive) => within(path, sensitive) || within(sensitive, path));
}

export type HostPathClass = 'socket' | 'sensitive' | 'writable' | 'other';

export interface HostPathVolume {
  workload: Workload;
  volume: VolumeSite;
  path: string;
  mounts: MountSite[];
  writableMounts: MountSite[];
  cls: HostPathClass;
}

const cache = new WeakMap<PostureIndex, HostPathVolume[]>();

export function hostPathVolumes(index: PostureIndex): HostPathVolume[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const out: HostPathVolume[] = [];
  for (const workload of index.inventory.workloads) {
    for (const volume of volumes(workload)) {
      const hostPath = objectField(volume.raw, 'hostPath');
      if (!hostPath) continue;
      const path = normalizeHostPath(stringField(hostPath, 'path') ?? '');
      const mounts = mountsOf(workload, volume.name, index.sites(workload));
      const writableMounts = mounts.filter((m) => !m.readOnly);
      const cls: HostPathClass = exposesRuntimeSocket(path)
        ? 'socket'
        : isSensitiveHostPath(path)
          ? 'sensitive'
          : writableMounts.length > 0
            ? 'writable'
            : 'other';
      out.push({ workload, volume, path, mounts, writableMounts, cls });
    }
  }
  cache.set(index, out);
  return out;
}

/** A patch that removes the volume and every mount of it. */
export function removeVolumePatch(entry: HostPathVolume): JsonObject {
  const byList = new Map<string, Map<string, string[]>>();
  for (const mount of entry.mounts) {
    if (mount.site.list === 'ephemeralContainers') continue;
    const containers = byList.get(mount.site.list) ?? new Map<string, string[]>();
    const paths = containers.get(mount.site.name) ?? [];
    const mountPath = stringField(mount.mount, 'mountPath');
    if (mountPath) paths.push(mountPath);
    containers.set(mount.site.name, paths);
    byList.set(mount.site.list, containers);
  }
  const spec: JsonObject = { volumes: [{ name: entry.volume.name, $patch: 'delete' }] };
  for (const [list, containers] of byList) {
    spec[list] = [...containers].map(([name, paths]) => ({
      name,
      volumeMounts: paths.map((mountPath) => ({ mountPath, $patch: 'delete' })),
    }));
  }
  return spec;
}

/** A patch that makes every writable mount of the volume read-only. */
export function readOnlyMountsPatch(entry: HostPathVolume): JsonObject {
  const spec: JsonObject = {};
  const byList = new Map<string, Map<string, string[]>>();
  for (const mount of entry.writableMounts) {
    if (mount.site.list === 'ephemeralContainers') continue;
    const containers = byList.get(mount.site.list) ?? new Map<string, string[]>();
    const paths = containers.get(mount.site.name) ?? [];
    const mountPath = stringField(mount.mount, 'mountPath');
    if (mountPath) paths.push(mountPath);
    containers.set(mount.site.name, paths);
    byList.set(mount.site.list, containers);
  }
  for (const [list, containers] of byList) {
    spec[list] = [...containers].map(([name, paths]) => ({
      name,
      volumeMounts: paths.map((mountPath) => ({ mountPath, readOnly: true })),
    }));
  }
  return spec;
}

export function mountedBy(entry: HostPathVolume): string {
  const names = [...new Set(entry.mounts.map((m) => m.site.name))];
  if (names.length === 0) return 'mounted by no container';
  return `mounted by ${names.join(', ')}`;
}
