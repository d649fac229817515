import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged, linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-102',
  title: 'Privilege escalation allowed',
  severity: 'medium',
  area: 'workload',
  rationale:
    'Unless allowPrivilegeEscalation is false, the no_new_privs flag is not set and a process can gain privileges ' +
    'through setuid binaries or file capabilities, undoing a non-root user and dropped capabilities.',
  remediation: 'Set securityContext.allowPrivilegeEscalation to false on every container.',
  references: {
    kubescape: ['C-0016', 'C-0197'],
    trivy: ['KSV-0001'],
    checkov: ['CKV_K8S_20'],
    kubeLinter: ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.6'],
    mitre: [MITRE.exploitPrivEsc],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      // Privileged and CAP_SYS_ADMIN containers escalate by construction (the API rejects false with them): their
      // own findings (CKP-101, CKP-108) carry the fix.
      if (isPrivileged(site) || capabilities(site).add.some((c) => c === 'SYS_ADMIN' || c === 'ALL')) continue;
      const value = site.sc?.['allowPrivilegeEscalation'];
      if (value === false) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.allowPrivilegeEscalation`,
        message:
          value === true
            ? `container ${site.name} sets allowPrivilegeEscalation: true`
            : `container ${site.name} does not set allowPrivilegeEscalation: false`,
        patch: containerPatch(site, { securityContext: { allowPrivilegeEscalation: false } }),
      });
    }
  },
});
