import { defineCheck } from '../check.js';
import { parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

/** kubernetesui/dashboard(-api|-web|-auth|...) and the older kubernetes-dashboard(-amd64) images. */
const DASHBOARD = /(^|\/)kubernetesui\/dashboard(-[a-z0-9]+)?$|(^|\/)kubernetes-dashboard(-[a-z0-9]+)?$/;

export default defineCheck({
  id: 'CKP-704',
  title: 'Kubernetes Dashboard deployed',
  severity: 'medium',
  area: 'cluster',
  rationale:
    'The Dashboard is a web UI that acts with its service account (or the user’s token) on the cluster; exposed ' +
    'or over-privileged, it was the way into Tesla’s cluster and many since.',
  remediation: 'Remove the Dashboard, or keep it internal, with a minimal service account and login required.',
  references: {
    kubescape: ['C-0014'],
    checkov: ['CKV_K8S_33'],
    nsa: [NSA.controlPlane],
    mitre: [MITRE.externalRemoteServices, MITRE.publicFacingApp],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined) continue;
      const repository = parseImage(image).repository;
      if (!DASHBOARD.test(repository)) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.image`,
        message: `container ${site.name} runs the Kubernetes Dashboard (${image})`,
      });
    }
  },
});
