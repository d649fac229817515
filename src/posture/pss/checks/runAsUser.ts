import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  isSet,
  podSecurityContext,
  relaxForUserNamespacePod,
} from '../helpers.js';
import type { JsonObject } from '../../../inventory/json.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

function runsAsRoot(securityContext: JsonObject | undefined): boolean {
  return isSet(securityContext, 'runAsUser') && securityContext!['runAsUser'] === 0;
}

/** Policy v1.23+: runAsUser must not be 0 on the pod or any container (unset is fine). */
export function runAsUserV1Dot23(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  if (runsAsRoot(podSecurityContext(spec))) badSetters.push('pod');
  const bad = containers(spec)
    .filter((c) => runsAsRoot(c.securityContext))
    .map((c) => c.name);
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  return forbidden('runAsUser=0', `${badSetters.join(' and ')} must not set runAsUser=0`);
}

/** Policy v1.35+: a user-namespace pod (hostUsers: false) is not checked (KEP-127). */
export function runAsUserV1Dot35(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (relaxForUserNamespacePod(spec)) return ALLOWED;
  return runAsUserV1Dot23(metadata, spec);
}

/** check_runAsUser.go. */
export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  title: 'Running as Non-root user',
  remediation: 'Do not set runAsUser: 0 on the pod or any container; run as a non-zero UID.',
  versions: [
    { minimumMinor: 23, checkPod: runAsUserV1Dot23 },
    { minimumMinor: 35, checkPod: runAsUserV1Dot35 },
  ],
};
