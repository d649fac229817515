import { ALLOWED, forbidden, optBool } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** check_hostNamespaces.go: spec.hostNetwork, spec.hostPID and spec.hostIPC must be unset or false. */
export function hostNamespacesV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  if (optBool(spec, 'hostNetwork') === true) bad.push('hostNetwork=true');
  if (optBool(spec, 'hostPID') === true) bad.push('hostPID=true');
  if (optBool(spec, 'hostIPC') === true) bad.push('hostIPC=true');
  if (bad.length === 0) return ALLOWED;
  return forbidden('host namespaces', bad.join(', '));
}

export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  title: 'Host Namespaces',
  remediation: 'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.',
  versions: [{ minimumMinor: 0, checkPod: hostNamespacesV1Dot0 }],
};
