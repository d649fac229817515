import { defineCheck } from '../check.js';
import { SYSTEM_NAMESPACES } from '../workload.js';
import { MITRE, NSA } from './refs.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export default defineCheck({
  id: 'CKP-708',
  title: 'Namespace does not enforce a Pod Security level',
  severity: 'low',
  area: 'cluster',
  rationale:
    'Without a pod-security.kubernetes.io/enforce label of baseline or restricted, Pod Security admission lets ' +
    'any pod into the namespace (unless the cluster default says otherwise): privileged, host mounts and all. ' +
    'Only Namespace objects the input defines are checked (kube-system and the other system namespaces aside).',
  remediation: 'Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted).',
  references: {
    kubescape: ['C-0193', 'C-0194', 'C-0195', 'C-0196'],
    nsa: [NSA.podSecurity],
    cis: ['5.2.1'],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const namespace of ctx.inventory.namespaces.values()) {
      if (namespace.implied || SYSTEM_NAMESPACES.has(namespace.name)) continue;
      const level = namespace.labels[ENFORCE];
      if (level === 'baseline' || level === 'restricted') continue;
      ctx.report({
        target: namespace,
        path: `metadata.labels["${ENFORCE}"]`,
        message:
          level === undefined
            ? `namespace ${namespace.name} has no ${ENFORCE} label`
            : `namespace ${namespace.name} enforces the ${level} level`,
        patch: { metadata: { labels: { [ENFORCE]: 'baseline' } } },
      });
    }
  },
});
