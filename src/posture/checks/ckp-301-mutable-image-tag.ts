import { defineCheck } from '../check.js';
import { hasMutableTag, parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-301',
  title: 'Image tag latest or missing',
  severity: 'medium',
  area: 'images',
  rationale:
    'An image with no tag or :latest runs whatever the registry serves when the node pulls: a different build on ' +
    'each node and each restart, and whatever an attacker who can push to the repository puts there.',
  remediation: 'Pin the image to a version tag, better to a digest (image:1.2.3@sha256:...).',
  references: {
    kubescape: ['C-0075'],
    trivy: ['KSV-0013'],
    checkov: ['CKV_K8S_14'],
    kubeLinter: ['latest-tag'],
    polaris: ['tagNotSpecified'],
    nsa: [NSA.images],
    mitre: [MITRE.implantImage],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined || !hasMutableTag(parseImage(image))) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.image`,
        message: `container ${site.name} runs ${image}, ${parseImage(image).tag === 'latest' ? 'tagged latest' : 'with no tag'}`,
      });
    }
  },
});
