import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, stringField } from '../../inventory/json.js';
import { podPatch, podSecurityContext } from '../workload.js';
import { listing } from './common.js';
import { MITRE, NSA } from './refs.js';

/** The sysctls the Pod Security Standards' baseline allows (the list as of policy version 1.37). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

export default defineCheck({
  id: 'CKP-117',
  title: 'Unsafe sysctls',
  severity: 'high',
  area: 'workload',
  rationale:
    'Sysctls outside the namespaced safe set change kernel behaviour for the whole node (or can starve it), so one ' +
    'pod can weaken or take down its neighbours.',
  remediation: 'Remove the unsafe sysctls from spec.securityContext.sysctls; tune the node instead.',
  references: {
    kubescape: ['C-0211'],
    trivy: ['KSV-0026'],
    kubeLinter: ['unsafe-sysctls'],
    nsa: [NSA.podSecurity],
    mitre: [MITRE.escapeToHost, MITRE.endpointDos],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const sysctls = (arrayField(podSecurityContext(workload), 'sysctls') ?? []).filter(isJsonObject);
      const unsafe = sysctls.map((s) => stringField(s, 'name') ?? '').filter((name) => !SAFE_SYSCTLS.has(name));
      if (unsafe.length === 0) continue;
      const kept = sysctls.filter((s) => SAFE_SYSCTLS.has(stringField(s, 'name') ?? ''));
      ctx.report({
        target: workload,
        path: `${workload.template.specPath}.securityContext.sysctls`,
        message: `the pod sets unsafe sysctl${unsafe.length === 1 ? '' : 's'} ${listing(unsafe)}`,
        patch: podPatch(workload, { securityContext: { sysctls: kept } }),
      });
    }
  },
});
