import { combine, fixDropCapabilities, fixUnprivileged } from '../fixes.js';
import type { FixOption } from '../model.js';
import { escapeEdges } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const CE_MODULE_LOAD: Technique = {
  id: 'CE_MODULE_LOAD',
  title: 'Load a kernel module',
  mitre: 'T1611',
  aliases: { kubehound: 'CE_MODULE_LOAD', icekube: 'CAN_LOAD_KERNEL_MODULES' },
  from: ['Workload'],
  to: ['Node'],
  docs: 'A container is privileged, or its capabilities.add contains SYS_MODULE (or ALL; a CAP_ prefix is accepted).',
  difficulty: 0.2,
  *edges(ctx) {
    yield* escapeEdges(ctx, (wi, c) => {
      const cap = c.caps.has('SYS_MODULE') ? 'SYS_MODULE' : c.caps.has('ALL') ? 'ALL' : undefined;
      if (!c.privileged && !cap) return undefined;
      const parts: FixOption[] = [];
      if (c.privileged) parts.push(fixUnprivileged(wi, c));
      if (cap) parts.push(fixDropCapabilities(wi, c, [cap]));
      const facts = [c.privileged ? 'securityContext.privileged: true' : '', cap ? `capabilities.add ${cap}` : '']
        .filter(Boolean)
        .join(' and ');
      return { because: `container ${c.name} ${facts}`, fixes: [combine(parts)] };
    });
  },
  fixes: fixesAsFound,
};
