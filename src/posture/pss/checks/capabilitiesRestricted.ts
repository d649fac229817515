import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  isWindowsPod,
  joinQuote,
  obj,
  setList,
  strings,
} from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** Policy v1.22+: every container must drop ALL and may add back only NET_BIND_SERVICE. */
export function capabilitiesRestrictedV1Dot22(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  for (const c of containers(spec)) {
    const capabilities = obj(c.securityContext, 'capabilities');
    if (!capabilities) {
      missingDropAll.push(c.name);
      continue;
    }
    if (!strings(capabilities, 'drop').includes('ALL')) missingDropAll.push(c.name);
    const added = strings(capabilities, 'add').filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) {
      addingForbidden.push(c.name);
      forbiddenCapabilities.push(...added);
    }
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(setList(forbiddenCapabilities))} ` +
        'in securityContext.capabilities.add',
    );
  }
  if (details.length === 0) return ALLOWED;
  return forbidden('unrestricted capabilities', details.join('; '));
}

/** Policy v1.25+: Windows pods (spec.os.name: windows) are exempt; the API forbids capabilities on them. */
export function capabilitiesRestrictedV1Dot25(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return capabilitiesRestrictedV1Dot22(metadata, spec);
}

/** check_capabilities_restricted.go; replaces capabilities_baseline at the restricted level. */
export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  title: 'Capabilities',
  remediation:
    'Set securityContext.capabilities.drop: ["ALL"] on every container and add back at most NET_BIND_SERVICE.',
  versions: [
    { minimumMinor: 22, checkPod: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
    { minimumMinor: 25, checkPod: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
  ],
};
