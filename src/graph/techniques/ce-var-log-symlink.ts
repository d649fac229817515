import { fixBindings, fixReadOnlyMount, fixRemoveVolume } from '../fixes.js';
import { escapeEdges, hostMounts } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

const PATHS = new Set(['/', '/var', '/var/log']);

export const CE_VAR_LOG_SYMLINK: Technique = {
  id: 'CE_VAR_LOG_SYMLINK',
  title: 'Read host files through kubelet log symlinks',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_VAR_LOG_SYMLINK' },
  from: ['Workload'],
  to: ['Node'],
  docs:
    'A container mounts writable a hostPath of /, /var or /var/log, the pods hold their service account token, and ' +
    'that account may `get pods/log` in the namespace (asked of the RBAC authorizer): a symlink in /var/log makes the ' +
    'kubelet serve any host file.',
  difficulty: 0.3,
  *edges(ctx) {
    yield* escapeEdges(ctx, (wi, c) => {
      if (!wi.token) return undefined;
      const m = hostMounts(c).find((x) => PATHS.has(x.hostPath) && !x.readOnly);
      if (!m) return undefined;
      const user = {
        name: `system:serviceaccount:${wi.namespace}:${wi.serviceAccount}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${wi.namespace}`, 'system:authenticated'],
      };
      const decision = ctx.rbac.index.authorize(user, {
        resourceRequest: true,
        verb: 'get',
        apiGroup: '',
        resource: 'pods',
        subresource: 'log',
        name: '',
        namespace: wi.namespace,
      });
      if (!decision.allowed) return undefined;
      const by = decision.by;
      const evidence =
        by?.binding && by.role ? [{ binding: by.binding, role: by.role, rule: by.rule, ruleIndex: by.ruleIndex }] : [];
      return {
        because:
          `container ${c.name} mounts hostPath ${m.hostPath} writable at ${m.mountPath}, and ${wi.serviceAccountId.slice(15)} ` +
          `may get pods/log in ${wi.namespace}${by?.binding ? ` via ${by.binding.kind} ${by.binding.name}` : ''}`,
        fixes: [
          fixReadOnlyMount(wi, c, m.mountPath),
          fixRemoveVolume(wi, m.volume),
          ...fixBindings(evidence, user, true),
        ],
      };
    });
  },
  fixes: fixesAsFound,
};
