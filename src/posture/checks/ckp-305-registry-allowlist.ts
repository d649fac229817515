import { defineCheck } from '../check.js';
import { globMatches } from '../exceptions.js';
import { parseImage } from '../images.js';
import { strings } from '../workload.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-305',
  title: 'Image from a registry outside the allowed list',
  severity: 'medium',
  area: 'images',
  rationale:
    'Images from registries the organisation does not control bypass its scanning, signing and retention. Runs ' +
    'only when the config lists options.allowedRegistries (registry host or host/path prefix; * is a wildcard).',
  remediation: 'Mirror the image into an allowed registry and reference it there.',
  references: {
    kubescape: ['C-0078', 'C-0001'],
    trivy: ['KSV-0125'],
    nsa: [NSA.images],
    mitre: [MITRE.maliciousImage],
  },
  run(ctx) {
    const allowed = strings(ctx.options['allowedRegistries']);
    if (allowed.length === 0) return;
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined) continue;
      const ref = parseImage(image);
      const full = `${ref.registry}/${ref.repository}`;
      const ok = allowed.some(
        (pattern) =>
          globMatches(pattern, ref.registry) ||
          full.startsWith(`${pattern.replace(/\/$/, '')}/`) ||
          globMatches(pattern, full),
      );
      if (ok) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.image`,
        message: `container ${site.name} runs ${image} from ${ref.registry}, which is not in the allowed list`,
      });
    }
  },
});
