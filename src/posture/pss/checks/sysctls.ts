import { isJsonObject } from '../../../inventory/json.js';
import { ALLOWED, forbidden, list, podSecurityContext, str } from '../helpers.js';
import type { CheckPodFn, CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

export const SAFE_SYSCTLS_V1_0: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
export const SAFE_SYSCTLS_V1_27 = [...SAFE_SYSCTLS_V1_0, 'net.ipv4.ip_local_reserved_ports'];
export const SAFE_SYSCTLS_V1_29 = [
  ...SAFE_SYSCTLS_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
export const SAFE_SYSCTLS_V1_32 = [...SAFE_SYSCTLS_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
export const SAFE_SYSCTLS_V1_37 = [
  ...SAFE_SYSCTLS_V1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

function sysctlsWith(allowed: readonly string[]): CheckPodFn {
  const safe = new Set(allowed);
  return (_metadata: PodMetadata, spec: PodSpec): CheckResult => {
    const bad = list(podSecurityContext(spec), 'sysctls')
      .filter(isJsonObject)
      .map((s) => str(s, 'name'))
      .filter((name) => !safe.has(name));
    if (bad.length === 0) return ALLOWED;
    return forbidden('forbidden sysctls', bad.join(', '));
  };
}

/** check_sysctls.go: only the namespaced, isolated ("safe") sysctls of the policy version. */
export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  title: 'Sysctls',
  remediation:
    'Set only the safe sysctls in spec.securityContext.sysctls (kernel.shm_rmid_forced, ' +
    'net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, ' +
    'net.ipv4.ip_unprivileged_port_start and the ones later policy versions add).',
  versions: [
    { minimumMinor: 0, checkPod: sysctlsWith(SAFE_SYSCTLS_V1_0) },
    { minimumMinor: 27, checkPod: sysctlsWith(SAFE_SYSCTLS_V1_27) },
    { minimumMinor: 29, checkPod: sysctlsWith(SAFE_SYSCTLS_V1_29) },
    { minimumMinor: 32, checkPod: sysctlsWith(SAFE_SYSCTLS_V1_32) },
    { minimumMinor: 37, checkPod: sysctlsWith(SAFE_SYSCTLS_V1_37) },
  ],
};
