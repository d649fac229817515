import { defineCheck } from '../check.js';
import { isDigestPinned, parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-303',
  title: 'Image not pinned by digest',
  severity: 'info',
  area: 'images',
  enabledByDefault: false,
  rationale:
    'A tag can be moved to another image by anyone who can push to the repository; a digest names the content. ' +
    'Off by default: most manifests pin versions by tag, and CKP-301 reports the tags that move by design.',
  remediation: 'Reference the image by digest (image:1.2.3@sha256:...), updated by a bot such as Renovate.',
  references: {
    kubescape: ['C-0306'],
    checkov: ['CKV_K8S_43'],
    nsa: [NSA.images],
    mitre: [MITRE.implantImage],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined || isDigestPinned(parseImage(image))) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.image`,
        message: `container ${site.name} runs ${image}, not pinned by digest`,
      });
    }
  },
});
