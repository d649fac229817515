import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged, listing } from './common.js';
import { MITRE, NSA } from './refs.js';

/** The capabilities the Pod Security Standards' baseline allows to add (the container runtimes' default set). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
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

/** Added capabilities with a check of their own, so that one capability is reported once. */
const OWN_CHECK = new Set(['SYS_ADMIN', 'ALL', 'SYS_MODULE', 'NET_RAW']);

export default defineCheck({
  id: 'CKP-110',
  title: 'Capability added beyond the default set',
  severity: 'medium',
  area: 'workload',
  rationale:
    'Capabilities outside the runtime default set (NET_ADMIN, SYS_PTRACE, BPF, SYS_TIME, DAC_READ_SEARCH, ...) widen ' +
    'what a compromised process can do to the node and its neighbours. SYS_ADMIN, ALL, SYS_MODULE and NET_RAW have ' +
    'checks of their own (CKP-108, CKP-109, CKP-112).',
  remediation: 'Remove the capability from capabilities.add unless the workload cannot run without it.',
  references: {
    kubescape: ['C-0046', 'C-0200'],
    trivy: ['KSV-0022'],
    checkov: ['CKV_K8S_25'],
    polaris: ['dangerousCapabilities', 'insecureCapabilities'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.9'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (isPrivileged(site)) continue;
      const { add } = capabilities(site);
      const extra = add.filter((c) => !BASELINE_CAPABILITIES.has(c) && !OWN_CHECK.has(c));
      if (extra.length === 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.capabilities.add`,
        message: `container ${site.name} adds ${listing(extra)}, outside the default set`,
        patch: containerPatch(site, {
          securityContext: { capabilities: { add: add.filter((c) => !extra.includes(c)) } },
        }),
      });
    }
  },
});
