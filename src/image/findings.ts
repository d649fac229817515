import type { Workload } from '../inventory/types.js';
import type { Finding, ReportObjectRef, Severity } from '../report/model.js';
import type { ImageVulnerabilities } from './scan.js';
import type { ImageUse } from './workload-images.js';

/**
 * Image vulnerabilities and layer credentials as report findings on the workloads that run the image: one finding
 * per (workload, vulnerability, package) and per (workload, credential fingerprint, file), whatever the number of
 * containers or images that carry it. The severity is the advisory's (its preferred CVSS vector's rating, else the
 * label it gives); one with neither is `info`, the report's scale having no "unknown".
 */

export const IMAGE_VULN_CHECK = { id: 'IMAGE-VULN', title: 'Known vulnerability in an image a workload runs' };
export const IMAGE_SECRET_CHECK = { id: 'IMAGE-SECRET', title: 'Credential in an image layer' };

/** A credential in an image is as exposed as one in a ConfigMap (CKP-612, high): anyone who can pull reads it. */
const SECRET_SEVERITY: Severity = 'high';

function refOf(w: Workload): ReportObjectRef {
  if (w.object) {
    const ref: ReportObjectRef = { apiVersion: w.object.apiVersion, kind: w.object.kind, name: w.object.name };
    if (w.object.namespace !== undefined) ref.namespace = w.object.namespace;
    return ref;
  }
  return { apiVersion: '', kind: w.kind, namespace: w.namespace, name: w.name };
}

function severityOf(s: ImageVulnerabilities['vulnerabilities'][number]['severity']): Severity {
  return s === 'unknown' ? 'info' : s;
}

function cvssText(v: ImageVulnerabilities['vulnerabilities'][number]): string {
  const parts: string[] = [];
  if (v.score !== undefined) parts.push(`CVSS ${v.score.toFixed(1)}`);
  if (v.attackVector) parts.push(`attack vector ${v.attackVector}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Findings for every workload running one of the scanned images. */
export function imageFindings(
  images: ReadonlyMap<string, ImageVulnerabilities>,
  uses: ReadonlyMap<string, readonly ImageUse[]>,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const [image, scan] of [...images].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const { workload, container } of uses.get(image) ?? []) {
      const object = refOf(workload);
      const location = `${workload.source.file}:${workload.source.line}`;
      for (const v of scan.vulnerabilities) {
        const key = `${workload.id}\u0000${v.id}\u0000${v.package}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fixed = v.fixedVersions.length > 0 ? v.fixedVersions.join(' or ') : undefined;
        out.push({
          checkId: IMAGE_VULN_CHECK.id,
          title: IMAGE_VULN_CHECK.title,
          severity: severityOf(v.severity),
          object,
          container,
          location,
          message:
            `image ${image}: ${v.packageName} ${v.installedVersion} has ${v.id}${cvssText(v)}` +
            (fixed ? `, fixed in ${fixed}` : ', no fixed version yet'),
          remediation: fixed
            ? `Rebuild ${image} with ${v.packageName} ${fixed} or later (or move to a base image that has it) and roll it out.`
            : `No fixed version of ${v.packageName} is known: remove the package, mitigate (network policy, WAF), or accept and record an exception.`,
          references: {
            vulnerability: [v.id, ...v.aliases],
            package: v.package,
            ...(scan.digest ? { image: `${image}@${scan.digest}` } : { image }),
          },
        });
      }
      for (const s of scan.secrets) {
        const key = `${workload.id}\u0000secret\u0000${s.fingerprint}\u0000${s.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          checkId: IMAGE_SECRET_CHECK.id,
          title: IMAGE_SECRET_CHECK.title,
          severity: SECRET_SEVERITY,
          object,
          container,
          location,
          // Never the value: its kind, where it is and a fingerprint.
          message:
            `image ${image}: ${s.kind} in ${s.path}:${s.line} (layer ${s.layerIndex} ${s.layer.slice(0, 19)}), ` +
            `fingerprint sha256:${s.fingerprint}`,
          remediation:
            'Revoke the credential, remove it from the image build (a later layer deleting the file does not remove ' +
            'it from the image) and inject it at runtime from a secrets manager.',
          references: { image: scan.digest ? `${image}@${scan.digest}` : image },
        });
      }
    }
  }
  return out;
}
