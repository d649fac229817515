import type { Cataloger, FoundPackage } from './types.js';

const PACKAGE_JSON = /\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;

/** npm packages: `node_modules/**\/package.json` (the package's own manifest, not files inside it). */
export const npm: Cataloger = {
  id: 'npm',
  matches(p) {
    return PACKAGE_JSON.test(p);
  },
  parse(file) {
    let json: unknown;
    try {
      json = JSON.parse(file.content.toString('utf8'));
    } catch {
      return { packages: [] };
    }
    if (typeof json !== 'object' || json === null) return { packages: [] };
    const j = json as { name?: unknown; version?: unknown; license?: unknown; licenses?: unknown };
    if (typeof j.name !== 'string' || typeof j.version !== 'string' || j.name === '' || j.version === '') {
      return { packages: [] };
    }
    const pkg: FoundPackage = { type: 'npm', name: j.name, version: j.version, ecosystem: 'npm', location: file.path };
    const licenses = licensesOf(j.license, j.licenses);
    if (licenses.length > 0) pkg.licenses = licenses;
    return { packages: [pkg] };
  },
};

function licensesOf(license: unknown, licenses: unknown): string[] {
  if (typeof license === 'string') return [license];
  if (typeof license === 'object' && license !== null && typeof (license as { type?: unknown }).type === 'string') {
    return [(license as { type: string }).type];
  }
  if (Array.isArray(licenses)) {
    return licenses
      .map((l: unknown) => (typeof l === 'string' ? l : (l as { type?: unknown })?.type))
      .filter((l): l is string => typeof l === 'string');
  }
  return [];
}
