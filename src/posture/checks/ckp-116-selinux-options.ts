import { defineCheck } from '../check.js';
import { stringField } from '../../inventory/json.js';
import { containerPatch, effective, effectivePath } from '../workload.js';
import { linuxSites } from './common.js';
import { MITRE, NSA } from './refs.js';

const ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export default defineCheck({
  id: 'CKP-116',
  title: 'Custom SELinux type, user or role',
  severity: 'medium',
  area: 'workload',
  rationale:
    'An SELinux type other than the container types (e.g. spc_t, unconfined_t), or a custom user or role, takes ' +
    'the container out of SELinux confinement on nodes that enforce it.',
  remediation: 'Remove seLinuxOptions.user and .role, and use a container type (container_t) or none.',
  references: {
    kubescape: ['C-0211', 'C-0055'],
    trivy: ['KSV-0025'],
    polaris: ['linuxHardening'],
    nsa: [NSA.hardening],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      const value = effective(site, 'seLinuxOptions');
      const options = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
      if (!options) continue;
      const problems: string[] = [];
      const type = stringField(options, 'type') ?? '';
      if (!ALLOWED_TYPES.has(type)) problems.push(`type ${type}`);
      if (stringField(options, 'user')) problems.push(`user ${stringField(options, 'user')}`);
      if (stringField(options, 'role')) problems.push(`role ${stringField(options, 'role')}`);
      if (problems.length === 0) continue;
      const level = stringField(options, 'level');
      ctx.report({
        target: site.workload,
        container: site.name,
        path: effectivePath(site, 'seLinuxOptions'),
        message: `container ${site.name} sets SELinux ${problems.join(', ')}`,
        patch: containerPatch(site, {
          securityContext: {
            seLinuxOptions: { type: 'container_t', user: null, role: null, ...(level ? { level } : {}) },
          },
        }),
      });
    }
  },
});
