import { createHash, randomUUID } from 'node:crypto';
import * as CDX from '@cyclonedx/cyclonedx-library';
import type { ImageInventory } from '../catalog.js';

/**
 * An SPDX 2.3 JSON document of an image: the image as the described package, the OS and every catalogued package
 * as packages it CONTAINS, each with its purl as a PACKAGE-MANAGER external reference.
 */
export function spdxJson(inv: ImageInventory, tool: { name: string; version: string }, now = new Date()): string {
  const name = inv.source.tags[0] ?? inv.source.input;
  const id = (s: string) => `SPDXRef-${s.replace(/[^A-Za-z0-9.-]/g, '-')}`;
  const imageId = id('Image');
  const license = (l: string[] | undefined) =>
    l && l.length === 1 && CDX.SPDX.isSupportedSpdxId(l[0]!) ? l[0]! : 'NOASSERTION';
  const packages: Record<string, unknown>[] = [
    {
      name,
      SPDXID: imageId,
      ...(inv.source.digest ? { versionInfo: inv.source.digest } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'CONTAINER',
    },
  ];
  const relationships: Record<string, string>[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
  ];
  if (inv.os) {
    packages.push({
      name: inv.os.id,
      SPDXID: id('OperatingSystem'),
      ...(inv.os.versionId ? { versionInfo: inv.os.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING_SYSTEM',
    });
    relationships.push({
      spdxElementId: imageId,
      relationshipType: 'CONTAINS',
      relatedSpdxElement: id('OperatingSystem'),
    });
  }
  inv.packages.forEach((p, i) => {
    const spdxId = id(`Package-${i + 1}-${p.type}-${p.name}`);
    packages.push({
      name: p.name,
      SPDXID: spdxId,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: license(p.licenses),
      copyrightText: 'NOASSERTION',
      sourceInfo: `${p.cataloger} cataloger: ${p.location}`,
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
      primaryPackagePurpose: 'LIBRARY',
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: spdxId });
  });
  const digest = createHash('sha256')
    .update(JSON.stringify([inv.source, inv.packages.map((p) => p.purl)]))
    .digest('hex');
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://chokepoint.dev/spdx/${encodeURIComponent(name)}-${digest.slice(0, 16)}-${randomUUID()}`,
    creationInfo: {
      created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: ${tool.name}-${tool.version}`],
    },
    packages,
    relationships,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
