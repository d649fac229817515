import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  goQuote,
  joinQuote,
  obj,
  pluralize,
  podSecurityContext,
  setList,
  str,
} from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** seccompProfile.type RuntimeDefault or Localhost. */
export function validSeccomp(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validSeccompAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Policy v1.0–v1.18: the seccomp alpha annotations, if set, must be runtime/default, docker/default or localhost/*. */
export function seccompProfileBaselineV1Dot0(metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const annotations = metadata.annotations;
  const check = (key: string): void => {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) return;
    const value = annotations[key]!;
    if (!validSeccompAnnotationValue(value)) bad.push(`${key}=${goQuote(value)}`);
  };
  check(SECCOMP_POD_ANNOTATION);
  for (const c of containers(spec)) check(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
  if (bad.length === 0) return ALLOWED;
  const list = setList(bad);
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
  );
}

/** Policy v1.19+: seccompProfile.type, where set on the pod or a container, must be RuntimeDefault or Localhost. */
export function seccompProfileBaselineV1Dot19(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const podProfile = obj(podSecurityContext(spec), 'seccompProfile');
  if (podProfile && !validSeccomp(str(podProfile, 'type'))) {
    badSetters.push('pod');
    badValues.push(str(podProfile, 'type'));
  }
  const badContainers: string[] = [];
  for (const c of containers(spec)) {
    const profile = obj(c.securityContext, 'seccompProfile');
    if (profile && !validSeccomp(str(profile, 'type'))) {
      badContainers.push(c.name);
      badValues.push(str(profile, 'type'));
    }
  }
  if (badContainers.length > 0) badSetters.push(containersPhrase(badContainers));
  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(setList(badValues))}`,
  );
}

/** check_seccompProfile_baseline.go. */
export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  title: 'Seccomp',
  remediation: 'Do not set the seccomp profile to Unconfined: use RuntimeDefault or Localhost (or leave it unset).',
  versions: [
    { minimumMinor: 0, checkPod: seccompProfileBaselineV1Dot0 },
    { minimumMinor: 19, checkPod: seccompProfileBaselineV1Dot19 },
  ],
};
