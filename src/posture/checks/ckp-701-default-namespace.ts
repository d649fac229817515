import { defineCheck } from '../check.js';
import { objectField, stringField } from '../../inventory/json.js';
import { isStaticPod } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-701',
  title: 'Workload in the default namespace',
  severity: 'low',
  area: 'cluster',
  rationale:
    'The default namespace is where everything lands by accident: it gets no dedicated RBAC, quotas, Pod Security ' +
    'level or NetworkPolicies, so a workload there shares its blast radius with whatever else was put there. A ' +
    'manifest that names no namespace is reported too, with a note: it lands in default unless applied with -n.',
  remediation: 'Give the workload its own namespace (metadata.namespace) with its own policies.',
  references: {
    kubescape: ['C-0061', 'C-0212'],
    trivy: ['KSV-0110'],
    checkov: ['CKV_K8S_21'],
    kubeLinter: ['use-namespace'],
    nsa: [NSA.namespaces],
    cis: ['5.7.4'],
    mitre: [MITRE.discovery],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      if (workload.namespace !== 'default' || isStaticPod(workload)) continue;
      const explicit = workload.object
        ? stringField(objectField(workload.object.raw, 'metadata'), 'namespace')
        : 'default';
      ctx.report({
        target: workload,
        path: 'metadata.namespace',
        message:
          explicit === 'default'
            ? 'the workload runs in the default namespace'
            : 'the manifest names no namespace, so it runs in default unless applied with -n (scan with --default-namespace to say where it goes)',
      });
    }
  },
});
