import { defineCheck } from '../check.js';
import { containerPatch, effective, effectivePath, numberValue } from '../workload.js';
import { linuxSites, usesUserNamespace } from './common.js';
import { MITRE, NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-105',
  title: 'Container runs with a low UID',
  severity: 'low',
  area: 'workload',
  enabledByDefault: false,
  rationale:
    'UIDs below 10000 are the ones host accounts and system daemons use; a process that escapes the container with ' +
    'such a UID may own host files. Off by default: most images are built for a low UID and the risk needs an escape ' +
    'first.',
  remediation: 'Run as a UID of 10000 or more (set runAsUser), built into the image.',
  references: {
    trivy: ['KSV-0020'],
    checkov: ['CKV_K8S_40'],
    nsa: [NSA.nonRoot],
    mitre: [MITRE.escapeToHost],
  },
  run(ctx) {
    for (const site of linuxSites(ctx)) {
      if (usesUserNamespace(site)) continue;
      const uid = numberValue(effective(site, 'runAsUser'));
      if (uid === undefined || uid <= 0 || uid >= 10000) continue;
      ctx.report({
        target: site.workload,
        container: site.name,
        path: effectivePath(site, 'runAsUser'),
        message: `container ${site.name} runs as UID ${uid}, below 10000`,
        patch: containerPatch(site, { securityContext: { runAsUser: 10001 } }),
        advice: 'The patch uses UID 10001 as an example: use the UID the image is built for.',
      });
    }
  },
});
