import { defineCheck } from '../check.js';
import { arrayField, isJsonObject, stringField } from '../../inventory/json.js';
import { listing } from './common.js';
import { NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-127',
  title: 'Duplicate environment variable',
  severity: 'low',
  area: 'workload',
  rationale:
    'When a name appears twice in env, the last one silently wins: a reviewer reads one value and the container ' +
    'gets another, which hides configuration (and credential) changes.',
  remediation: 'Keep one entry per variable name.',
  references: {
    kubescape: ['C-0295'],
    kubeLinter: ['duplicate-env-var'],
    nsa: [NSA.upgrades],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      for (const entry of arrayField(site.container.raw, 'env') ?? []) {
        const name = isJsonObject(entry) ? stringField(entry, 'name') : undefined;
        if (name === undefined) continue;
        if (seen.has(name)) duplicates.add(name);
        seen.add(name);
      }
      if (duplicates.size === 0) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.env`,
        message: `container ${site.name} defines ${listing([...duplicates])} more than once`,
      });
    }
  },
});
