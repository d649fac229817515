import { defineCheck } from '../check.js';
import { parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-705',
  title: 'Helm v2 Tiller deployed',
  severity: 'high',
  area: 'cluster',
  rationale:
    'Tiller (Helm v2, unsupported since 2020) serves an unauthenticated gRPC API on port 44134 and usually runs ' +
    'as cluster-admin: any pod that reaches it owns the cluster.',
  remediation: 'Migrate the releases to Helm 3 (helm-2to3) and delete Tiller.',
  references: {
    trivy: ['KSV-0102'],
    checkov: ['CKV_K8S_34', 'CKV_K8S_44', 'CKV_K8S_45'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.deployContainer, MITRE.clusterRoles],
  },
  run(ctx) {
    for (const workload of ctx.inventory.workloads) {
      const labels = workload.template.labels;
      const tillerImage = workload.template.containers.find(
        (c) => c.image !== undefined && /(^|\/)tiller$/.test(parseImage(c.image).repository),
      );
      const tillerLabels = labels['app'] === 'helm' && labels['name'] === 'tiller';
      if (!tillerImage && !tillerLabels) continue;
      ctx.report({
        target: workload,
        ...(tillerImage ? { container: tillerImage.name } : {}),
        message: `the workload runs Helm v2 Tiller${tillerImage?.image ? ` (${tillerImage.image})` : ''}`,
      });
    }
  },
});
