import * as CDX from '@cyclonedx/cyclonedx-library';
import type { ImageInventory } from '../catalog.js';
import type { Match } from '../types.js';

/**
 * A CycloneDX 1.6 JSON SBOM of an image (built and serialised with @cyclonedx/cyclonedx-library): the image as the
 * metadata component, the OS and every package as components (each with its purl), and the matched
 * vulnerabilities with their CVSS ratings and the components they affect.
 */
export function cyclonedxJson(inv: ImageInventory, matches: Match[], tool: { name: string; version: string }): string {
  const bom = new CDX.Models.Bom();
  bom.metadata.timestamp = new Date();
  bom.metadata.tools.components.add(
    new CDX.Models.Component(CDX.Enums.ComponentType.Application, tool.name, { version: tool.version }),
  );
  const name = inv.source.tags[0] ?? inv.source.input;
  const image = new CDX.Models.Component(CDX.Enums.ComponentType.Container, name, {
    bomRef: 'image',
    ...(inv.source.digest ? { version: inv.source.digest } : {}),
  });
  bom.metadata.component = image;
  if (inv.os) {
    bom.components.add(
      new CDX.Models.Component(CDX.Enums.ComponentType.OperatingSystem, inv.os.id, {
        bomRef: 'os',
        ...(inv.os.versionId ? { version: inv.os.versionId } : {}),
        ...(inv.os.prettyName ? { description: inv.os.prettyName } : {}),
      }),
    );
  }
  const byKey = new Map<string, CDX.Models.Component>();
  const used = new Set<string>();
  for (const p of inv.packages) {
    let ref = p.purl;
    for (let i = 2; used.has(ref); i++) ref = `${p.purl}#${i}`;
    used.add(ref);
    const licenses = new CDX.Models.LicenseRepository();
    for (const l of p.licenses ?? []) {
      licenses.add(CDX.SPDX.isSupportedSpdxId(l) ? new CDX.Models.SpdxLicense(l) : new CDX.Models.NamedLicense(l));
    }
    const properties = new CDX.Models.PropertyRepository([
      new CDX.Models.Property('chokepoint:location', p.location),
      new CDX.Models.Property('chokepoint:cataloger', p.cataloger),
    ]);
    if (p.source && p.source.name !== p.name)
      properties.add(new CDX.Models.Property('chokepoint:source', p.source.name));
    const c = new CDX.Models.Component(CDX.Enums.ComponentType.Library, p.name, {
      bomRef: ref,
      version: p.version,
      purl: p.purl,
      licenses,
      properties,
      ...(p.type === 'maven' && p.namespace ? { group: p.namespace } : {}),
    });
    bom.components.add(c);
    byKey.set(`${p.purl}\u0000${p.location}`, c);
  }
  const vulns = new Map<string, CDX.Models.Vulnerability.Vulnerability>();
  for (const m of matches) {
    let v = vulns.get(m.vulnerability.id);
    if (!v) {
      const ratings = new CDX.Models.Vulnerability.RatingRepository();
      for (const c of m.vulnerability.cvss) {
        const method =
          c.type === 'CVSS_V4'
            ? CDX.Enums.Vulnerability.RatingMethod.CVSSv4
            : c.type === 'CVSS_V2'
              ? CDX.Enums.Vulnerability.RatingMethod.CVSSv2
              : c.vector.startsWith('CVSS:3.1/')
                ? CDX.Enums.Vulnerability.RatingMethod.CVSSv31
                : CDX.Enums.Vulnerability.RatingMethod.CVSSv3;
        ratings.add(
          new CDX.Models.Vulnerability.Rating({
            method,
            score: c.score,
            vector: c.vector,
            severity: c.severity as CDX.Enums.Vulnerability.Severity,
          }),
        );
      }
      if (ratings.size === 0) {
        ratings.add(
          new CDX.Models.Vulnerability.Rating({
            method: CDX.Enums.Vulnerability.RatingMethod.Other,
            severity: m.vulnerability.severity as CDX.Enums.Vulnerability.Severity,
          }),
        );
      }
      v = new CDX.Models.Vulnerability.Vulnerability({
        bomRef: `vuln:${m.vulnerability.id}`,
        id: m.vulnerability.id,
        source: new CDX.Models.Vulnerability.Source({ name: 'OSV' }),
        ratings,
        ...(m.vulnerability.summary ? { description: m.vulnerability.summary } : {}),
      });
      for (const alias of m.vulnerability.aliases) {
        v.references.add(
          new CDX.Models.Vulnerability.Reference(alias, new CDX.Models.Vulnerability.Source({ name: 'alias' })),
        );
      }
      vulns.set(m.vulnerability.id, v);
    }
    const c = byKey.get(`${m.package.purl}\u0000${m.package.location}`);
    if (c) {
      const affect = new CDX.Models.Vulnerability.Affect(c.bomRef);
      affect.versions.add(
        new CDX.Models.Vulnerability.AffectedSingleVersion(m.package.version, {
          status: CDX.Enums.Vulnerability.AffectStatus.Affected,
        }),
      );
      v.affects.add(affect);
    }
    if (m.fixedVersions.length > 0) v.recommendation = `Upgrade ${m.package.name} to ${m.fixedVersions.join(' or ')}`;
  }
  for (const v of vulns.values()) bom.vulnerabilities.add(v);
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}
