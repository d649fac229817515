import { ALLOWED, containers, containersPhrase, forbidden, isWindowsPod, optBool } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** Policy v1.8+: every container must set securityContext.allowPrivilegeEscalation=false explicitly. */
export function allowPrivilegeEscalationV1Dot8(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad = containers(spec)
    .filter((c) => optBool(c.securityContext, 'allowPrivilegeEscalation') !== false)
    .map((c) => c.name);
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  );
}

/** Policy v1.25+: Windows pods (spec.os.name: windows) are exempt; the API forbids the field on them. */
export function allowPrivilegeEscalationV1Dot25(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return allowPrivilegeEscalationV1Dot8(metadata, spec);
}

/** check_allowPrivilegeEscalation.go (the field exists since Kubernetes 1.8). */
export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  title: 'Privilege Escalation',
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  versions: [
    { minimumMinor: 8, checkPod: allowPrivilegeEscalationV1Dot8 },
    { minimumMinor: 25, checkPod: allowPrivilegeEscalationV1Dot25 },
  ],
};
