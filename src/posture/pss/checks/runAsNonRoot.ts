import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  optBool,
  podSecurityContext,
  relaxForUserNamespacePod,
} from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/**
 * runAsNonRoot must be true on the pod, or on every container that does not inherit it; an explicit false anywhere
 * fails. (Before v1.35 the user-namespace relaxation sat behind a perma-alpha gate that was off by default; upstream
 * dropped it from this revision.)
 */
export function runAsNonRootV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  let podRunAsNonRoot = false;
  const pod = optBool(podSecurityContext(spec), 'runAsNonRoot');
  if (pod === false) badSetters.push('pod');
  if (pod === true) podRunAsNonRoot = true;
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const c of containers(spec)) {
    const value = optBool(c.securityContext, 'runAsNonRoot');
    if (value === false) explicitlyBad.push(c.name);
    if (value === undefined && !podRunAsNonRoot) implicitlyBad.push(c.name);
  }
  if (explicitlyBad.length > 0) badSetters.push(containersPhrase(explicitlyBad));
  if (badSetters.length > 0) {
    return forbidden(
      'runAsNonRoot != true',
      `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    );
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'runAsNonRoot != true',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
    );
  }
  return ALLOWED;
}

/** Policy v1.35+: a user-namespace pod (hostUsers: false) is not checked (KEP-127). */
export function runAsNonRootV1Dot35(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (relaxForUserNamespacePod(spec)) return ALLOWED;
  return runAsNonRootV1Dot0(metadata, spec);
}

/** check_runAsNonRoot.go. */
export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  title: 'Running as Non-root',
  remediation: 'Set securityContext.runAsNonRoot: true on the pod (or on every container) and run as a non-zero UID.',
  versions: [
    { minimumMinor: 0, checkPod: runAsNonRootV1Dot0 },
    { minimumMinor: 35, checkPod: runAsNonRootV1Dot35 },
  ],
};
