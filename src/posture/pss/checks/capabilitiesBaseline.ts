import { ALLOWED, containers, containersPhrase, forbidden, joinQuote, obj, setList, strings } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** The capabilities a container may add at baseline (exact, case-sensitive, no CAP_ prefix). */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** check_capabilities_baseline.go: capabilities.add may only name the default set. */
export function capabilitiesBaselineV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const nonDefault: string[] = [];
  for (const c of containers(spec)) {
    const capabilities = obj(c.securityContext, 'capabilities');
    if (!capabilities) continue;
    const added = strings(capabilities, 'add').filter((cap) => !BASELINE_ALLOWED_CAPABILITIES.has(cap));
    if (added.length > 0) {
      bad.push(c.name);
      nonDefault.push(...added);
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(setList(nonDefault))} in securityContext.capabilities.add`,
  );
}

export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  title: 'Capabilities',
  remediation:
    'Add only capabilities of the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, ' +
    'NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) in securityContext.capabilities.add.',
  versions: [{ minimumMinor: 0, checkPod: capabilitiesBaselineV1Dot0 }],
};
