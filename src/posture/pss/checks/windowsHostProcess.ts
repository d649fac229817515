import { ALLOWED, containers, containersPhrase, forbidden, obj, optBool, podSecurityContext } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** check_windowsHostProcess.go: windowsOptions.hostProcess must be unset or false on the pod and every container. */
export function windowsHostProcessV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad = containers(spec)
    .filter((c) => optBool(obj(c.securityContext, 'windowsOptions'), 'hostProcess') === true)
    .map((c) => c.name);
  const setters: string[] = [];
  if (optBool(obj(podSecurityContext(spec), 'windowsOptions'), 'hostProcess') === true) setters.push('pod');
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    'hostProcess',
    `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  );
}

export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  title: 'HostProcess',
  remediation: 'Remove securityContext.windowsOptions.hostProcess or set it to false on the pod and every container.',
  versions: [{ minimumMinor: 0, checkPod: windowsHostProcessV1Dot0 }],
};
