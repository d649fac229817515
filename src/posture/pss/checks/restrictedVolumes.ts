import { isJsonObject } from '../../../inventory/json.js';
import { ALLOWED, forbidden, isSet, joinQuote, list, pluralize, setList, str } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** The inline volume sources restricted allows (`image` was added to the v1.0 body upstream, so at every version). */
export const RESTRICTED_ALLOWED_VOLUMES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The forbidden sources, in upstream's switch order: the first one set names the volume's type. */
export const RESTRICTED_FORBIDDEN_VOLUMES: readonly string[] = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/**
 * check_restrictedVolumes.go: every volume must be one of the allowed inline sources. A volume with no source at all
 * is defaulted to emptyDir by the API server before admission sees it (see defaults.ts); without that defaulting it
 * is an "unknown" type here, as upstream would report it.
 */
export function restrictedVolumesV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  for (const volume of list(spec, 'volumes').filter(isJsonObject)) {
    if (RESTRICTED_ALLOWED_VOLUMES.some((source) => isSet(volume, source))) continue;
    bad.push(str(volume, 'name'));
    types.push(RESTRICTED_FORBIDDEN_VOLUMES.find((source) => isSet(volume, source)) ?? 'unknown');
  }
  if (bad.length === 0) return ALLOWED;
  const badTypes = setList(types);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', badTypes.length)} ${joinQuote(badTypes)}`,
  );
}

export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  title: 'Volume Types',
  remediation:
    'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected ' +
    'or secret volumes; move other storage behind a PersistentVolumeClaim.',
  versions: [{ minimumMinor: 0, checkPod: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
};
