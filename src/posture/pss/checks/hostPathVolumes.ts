import { isJsonObject } from '../../../inventory/json.js';
import { ALLOWED, forbidden, isSet, joinQuote, list, pluralize, str } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** check_hostPathVolumes.go: no volume may be a hostPath. */
export function hostPathVolumesV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad = list(spec, 'volumes')
    .filter(isJsonObject)
    .filter((v) => isSet(v, 'hostPath'))
    .map((v) => str(v, 'name'));
  if (bad.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`);
}

export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  title: 'HostPath Volumes',
  remediation: 'Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim ones.',
  versions: [{ minimumMinor: 0, checkPod: hostPathVolumesV1Dot0 }],
};
