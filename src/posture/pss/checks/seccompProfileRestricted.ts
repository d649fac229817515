import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  isWindowsPod,
  joinQuote,
  obj,
  podSecurityContext,
  setList,
  str,
} from '../helpers.js';
import { validSeccomp } from './seccompProfileBaseline.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/**
 * Policy v1.19+: seccompProfile.type must be RuntimeDefault or Localhost on the pod, or on every container that does
 * not inherit a valid pod-level profile; an explicit bad value anywhere fails.
 */
export function seccompProfileRestrictedV1Dot19(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let podSeccompSet = false;
  const podProfile = obj(podSecurityContext(spec), 'seccompProfile');
  if (podProfile) {
    if (!validSeccomp(str(podProfile, 'type'))) {
      badSetters.push('pod');
      badValues.push(str(podProfile, 'type'));
    } else {
      podSeccompSet = true;
    }
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const c of containers(spec)) {
    const profile = obj(c.securityContext, 'seccompProfile');
    if (profile) {
      if (!validSeccomp(str(profile, 'type'))) {
        explicitlyBad.push(c.name);
        badValues.push(str(profile, 'type'));
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(c.name);
    }
  }
  if (explicitlyBad.length > 0) badSetters.push(containersPhrase(explicitlyBad));
  if (badSetters.length > 0) {
    return forbidden(
      'seccompProfile',
      `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(setList(badValues))}`,
    );
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'seccompProfile',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to ` +
        `"RuntimeDefault" or "Localhost"`,
    );
  }
  return ALLOWED;
}

/** Policy v1.25+: Windows pods (spec.os.name: windows) are exempt; the API forbids the field on them. */
export function seccompProfileRestrictedV1Dot25(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return seccompProfileRestrictedV1Dot19(metadata, spec);
}

/** check_seccompProfile_restricted.go; replaces seccompProfile_baseline at the restricted level. */
export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  title: 'Seccomp',
  remediation:
    'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod or on every container.',
  versions: [
    { minimumMinor: 19, checkPod: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
    { minimumMinor: 25, checkPod: seccompProfileRestrictedV1Dot25, overrides: ['seccompProfile_baseline'] },
  ],
};
