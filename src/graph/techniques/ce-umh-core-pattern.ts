import { fixReadOnlyMount, fixRemoveVolume } from '../fixes.js';
import { escapeEdges, hostMounts } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

const PATHS = new Set(['/', '/proc', '/proc/sys', '/proc/sys/kernel']);

export const CE_UMH_CORE_PATTERN: Technique = {
  id: 'CE_UMH_CORE_PATTERN',
  title: 'Overwrite the host core_pattern usermode helper',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_UMH_CORE_PATTERN' },
  from: ['Workload'],
  to: ['Node'],
  docs:
    'A container running as user 0 (runAsUser: 0 explicitly, container or pod) mounts writable (readOnly not true) a ' +
    'hostPath of /, /proc, /proc/sys or /proc/sys/kernel. (KubeHound does not check readOnly; writing needs it.)',
  difficulty: 0.2,
  *edges(ctx) {
    yield* escapeEdges(ctx, (wi, c) => {
      if (c.runAsUser !== 0) return undefined;
      const m = hostMounts(c).find((x) => PATHS.has(x.hostPath) && !x.readOnly);
      if (!m) return undefined;
      return {
        because: `container ${c.name} runAsUser: 0 mounts hostPath ${m.hostPath} writable at ${m.mountPath}`,
        fixes: [fixReadOnlyMount(wi, c, m.mountPath), fixRemoveVolume(wi, m.volume)],
      };
    });
  },
  fixes: fixesAsFound,
};
