import { isJsonObject, type JsonObject, type JsonValue } from '../../inventory/json.js';
import { int, isSet, list, optBool } from './helpers.js';
import type { PodSpec } from './types.js';

/** Every field of core/v1 VolumeSource. A volume that sets none of them is defaulted to emptyDir. */
export const VOLUME_SOURCES: readonly string[] = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/**
 * The API server defaults a pod before PodSecurity admission sees it; the two defaults that change what the checks
 * read are applied here (k8s.io/kubernetes pkg/apis/core/v1/defaults.go):
 *
 * - SetDefaults_Volume: a volume with no source (unknown fields are dropped when decoding) becomes an emptyDir;
 *   upstream's fixtures rely on it ("implicit empty dir").
 * - SetDefaults_Pod: with hostNetwork, every container and init container port without a hostPort gets
 *   hostPort = containerPort. Pods a controller creates are defaulted the same way, so this holds for templates too.
 *
 * Returns the spec itself when nothing changes, else a copy; the input is never modified.
 */
export function applyPodDefaults(spec: PodSpec): PodSpec {
  let out: PodSpec = spec;
  const volumes = list(spec, 'volumes');
  if (volumes.some((v) => isJsonObject(v) && !VOLUME_SOURCES.some((source) => isSet(v, source)))) {
    out = {
      ...out,
      volumes: volumes.map((v): JsonValue =>
        isJsonObject(v) && !VOLUME_SOURCES.some((source) => isSet(v, source)) ? { ...v, emptyDir: {} } : v,
      ),
    };
  }
  if (optBool(spec, 'hostNetwork') === true) {
    for (const key of ['containers', 'initContainers']) {
      const defaulted = defaultHostNetworkPorts(list(spec, key));
      if (defaulted) out = { ...out, [key]: defaulted };
    }
  }
  return out;
}

/** The containers with hostPort = containerPort where hostPort is 0 or unset, or undefined when none needs it. */
function defaultHostNetworkPorts(containers: JsonValue[]): JsonValue[] | undefined {
  let changed = false;
  const result = containers.map((c): JsonValue => {
    if (!isJsonObject(c)) return c;
    const ports = list(c, 'ports');
    if (!ports.some((p) => isJsonObject(p) && int(p, 'hostPort') === 0 && int(p, 'containerPort') !== 0)) return c;
    changed = true;
    return {
      ...c,
      ports: ports.map((p): JsonValue => {
        if (!isJsonObject(p) || int(p, 'hostPort') !== 0) return p;
        const port: JsonObject = { ...p, hostPort: int(p, 'containerPort') };
        return port;
      }),
    };
  });
  return changed ? result : undefined;
}
