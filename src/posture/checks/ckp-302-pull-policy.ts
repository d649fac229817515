import { defineCheck } from '../check.js';
import { stringField } from '../../inventory/json.js';
import { containerPatch } from '../workload.js';
import { hasMutableTag, isDigestPinned, parseImage } from '../images.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-302',
  title: 'imagePullPolicy not Always',
  severity: 'low',
  area: 'images',
  enabledByDefault: false,
  rationale:
    'With IfNotPresent or Never a pod can start from an image already cached on the node without the registry ' +
    'checking its pull credentials, so a pod of another tenant can run a private image. Off by default: it only ' +
    'matters on shared nodes without the AlwaysPullImages admission plugin. Digest-pinned images are exempt.',
  remediation: 'Set imagePullPolicy: Always (or enable the AlwaysPullImages admission plugin).',
  references: {
    kubescape: ['C-0075'],
    checkov: ['CKV_K8S_15'],
    polaris: ['pullPolicyNotAlways'],
    nsa: [NSA.images],
    mitre: [MITRE.implantImage],
  },
  run(ctx) {
    for (const site of ctx.index.allSites()) {
      const image = site.container.image;
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (isDigestPinned(ref)) continue;
      const policy = stringField(site.container.raw, 'imagePullPolicy');
      // Unset means Always for a latest or missing tag.
      if (policy === 'Always' || (policy === undefined && hasMutableTag(ref))) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: `${site.path}.imagePullPolicy`,
        message: `container ${site.name} pulls ${image} with policy ${policy ?? 'IfNotPresent (default)'}`,
        patch: containerPatch(site, { imagePullPolicy: 'Always' }),
      });
    }
  },
});
