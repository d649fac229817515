import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  goCompare,
  goQuote,
  joinQuote,
  obj,
  pluralize,
  podSecurityContext,
  setList,
  str,
} from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/**
 * check_appArmorProfile.go: the appArmorProfile.type fields (pod and containers) must be RuntimeDefault or
 * Localhost, and the deprecated beta annotations empty, runtime/default or localhost/*. One revision, at v1.0, so the
 * field check applies at every policy version.
 */
export function appArmorProfileV1Dot0(metadata: PodMetadata, spec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const podProfile = obj(podSecurityContext(spec), 'appArmorProfile');
  if (podProfile && !allowedProfileType(str(podProfile, 'type'))) {
    badSetters.push('pod');
    badValues.push(str(podProfile, 'type'));
  }
  const badContainers: string[] = [];
  for (const c of containers(spec)) {
    const profile = obj(c.securityContext, 'appArmorProfile');
    if (profile && !allowedProfileType(str(profile, 'type'))) {
      badContainers.push(c.name);
      badValues.push(str(profile, 'type'));
    }
  }
  if (badContainers.length > 0) badSetters.push(containersPhrase(badContainers));
  const badAnnotations = Object.entries(metadata.annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(value))
    .map(([key, value]) => `${key}=${goQuote(value)}`)
    .sort(goCompare);
  const values = [...setList(badValues), ...badAnnotations];
  if (badAnnotations.length > 0) badSetters.push(pluralize('annotation', 'annotations', badAnnotations.length));
  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  );
}

export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  title: 'AppArmor',
  remediation: 'Do not set the AppArmor profile to Unconfined: use RuntimeDefault or Localhost (or leave it unset).',
  versions: [{ minimumMinor: 0, checkPod: appArmorProfileV1Dot0 }],
};
