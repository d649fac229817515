import { defineCheck } from '../check.js';
import { strings } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-126',
  title: 'sudo in the container entrypoint',
  severity: 'medium',
  area: 'workload',
  rationale:
    'A command that runs sudo means the image ships sudo and a user allowed to become root: a privilege ' +
    'escalation path built into the container.',
  remediation: 'Run the process as the user it needs from the start (runAsUser) and remove sudo from the image.',
  references: {
    kubescape: ['C-0062'],
    nsa: [NSA.nonRoot],
    mitre: [MITRE.exploitPrivEsc],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      for (const field of ['command', 'args'] as const) {
        const list = strings(site.container.raw[field]);
        const index = list.findIndex((arg) => arg.includes('sudo') && /(^|[\s;&|/])sudo(\s|$)/.test(arg));
        if (index < 0) continue;
        ctx.report({
          target: site.workload,
          container: site.name,
          path: `${site.path}.${field}[${index}]`,
          message: `container ${site.name} runs sudo in its ${field}`,
        });
        break;
      }
    }
  },
});
