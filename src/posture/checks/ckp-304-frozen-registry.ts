import { defineCheck } from '../check.js';
import { parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-304',
  title: 'Image from the frozen k8s.gcr.io registry',
  severity: 'low',
  area: 'images',
  rationale:
    'k8s.gcr.io was frozen in 2023 and redirects to registry.k8s.io: images there get no security fixes, and ' +
    'pulls may stop working.',
  remediation: 'Pull the same image from registry.k8s.io, at a supported version.',
  references: {
    kubescape: ['C-0253'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.exploitPrivEsc],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined || parseImage(image).registry !== 'k8s.gcr.io') continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.image`,
        message: `container ${site.name} runs ${image} from k8s.gcr.io`,
      });
    }
  },
});
