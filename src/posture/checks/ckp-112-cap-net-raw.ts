import { defineCheck } from '../check.js';
import { containerPatch } from '../workload.js';
import { capabilities, isPrivileged } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-112',
  title: 'CAP_NET_RAW added',
  severity: 'medium',
  area: 'workload',
  rationale:
    'NET_RAW lets a process forge packets: ARP and DNS spoofing of its neighbours on the node, and several kernel ' +
    'escapes went through raw sockets. Adding it explicitly keeps it even when ALL is dropped.',
  remediation: 'Remove NET_RAW from capabilities.add (ping works without it on current kernels via ping_group_range).',
  references: {
    kubescape: ['C-0046', 'C-0199'],
    trivy: ['KSV-0119'],
    checkov: ['CKV_K8S_28'],
    kubeLinter: ['drop-net-raw-capability'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.8'],
    mitre: [MITRE.adversaryInTheMiddle, MITRE.networkSniffing],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      if (isPrivileged(site)) continue;
      const { add } = capabilities(site);
      if (!add.includes('NET_RAW')) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.securityContext.capabilities.add`,
        message: `container ${site.name} adds NET_RAW`,
        patch: containerPatch(site, { securityContext: { capabilities: { add: add.filter((c) => c !== 'NET_RAW') } } }),
      });
    }
  },
});
