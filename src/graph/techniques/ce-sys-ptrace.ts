import { combine, fixDropCapabilities, fixPodFlag, fixUnprivileged } from '../fixes.js';
import { escapeEdges, hasCap } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const CE_SYS_PTRACE: Technique = {
  id: 'CE_SYS_PTRACE',
  title: 'Inject into a host process with ptrace',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_SYS_PTRACE', icekube: 'CAN_NSENTER_HOST' },
  from: ['Workload'],
  to: ['Node'],
  docs:
    'hostPID: true and a container with SYS_PTRACE and SYS_ADMIN (added, ALL, or privileged) whose AppArmor profile is ' +
    'Unconfined, or any profile on clusters older than 1.31 (unknown version: assumed older).',
  difficulty: 0.3,
  *edges(ctx) {
    const old = ctx.settings.kubernetesMinor === undefined || ctx.settings.kubernetesMinor < 31;
    yield* escapeEdges(ctx, (wi, c) => {
      if (!wi.hostPID || !hasCap(c, 'SYS_PTRACE') || !hasCap(c, 'SYS_ADMIN')) return undefined;
      if (!c.appArmorUnconfined && !old) return undefined;
      const fixes = [fixPodFlag(wi, 'hostPID')];
      if (c.privileged) fixes.push(fixUnprivileged(wi, c));
      if (!c.privileged && !c.caps.has('ALL')) fixes.push(fixDropCapabilities(wi, c, ['SYS_PTRACE']));
      if (c.privileged && (c.caps.has('SYS_PTRACE') || c.caps.has('ALL'))) {
        fixes.splice(
          1,
          1,
          combine([fixUnprivileged(wi, c), fixDropCapabilities(wi, c, c.caps.has('ALL') ? ['ALL'] : ['SYS_PTRACE'])]),
        );
      }
      return {
        because:
          `hostPID: true and container ${c.name} has SYS_PTRACE and SYS_ADMIN` +
          (c.appArmorUnconfined ? ', AppArmor unconfined' : ', cluster version before 1.31 assumed'),
        fixes,
      };
    });
  },
  fixes: fixesAsFound,
};
