import { ALLOWED, containers, containersPhrase, forbidden, optBool } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** check_privileged.go: containers must not set securityContext.privileged=true. */
export function privilegedV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad = containers(spec)
    .filter((c) => optBool(c.securityContext, 'privileged') === true)
    .map((c) => c.name);
  if (bad.length === 0) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`);
}

export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  title: 'Privileged Containers',
  remediation: 'Remove securityContext.privileged or set it to false on every container.',
  versions: [{ minimumMinor: 0, checkPod: privilegedV1Dot0 }],
};
