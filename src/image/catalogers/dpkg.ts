import path from 'node:path';
import type { Cataloger, CatalogResult, FoundPackage } from './types.js';
import { parseStanzas } from './types.js';

/**
 * Debian packages: `/var/lib/dpkg/status` (and the one-package-per-file `status.d/` of distroless images), keeping
 * the `Source:` package and its version (advisories name source packages); `/var/lib/dpkg/info/*.list` and
 * distroless `status.d/*.md5sums` give the files each package installed.
 */
export const dpkg: Cataloger = {
  id: 'dpkg',
  matches(p) {
    return (
      p === '/var/lib/dpkg/status' ||
      p.startsWith('/var/lib/dpkg/status.d/') ||
      (p.startsWith('/var/lib/dpkg/info/') && p.endsWith('.list'))
    );
  },
  parse(file) {
    const text = file.content.toString('utf8');
    if (file.path.endsWith('.list')) {
      const base = path.posix.basename(file.path, '.list');
      const [name, arch] = base.split(':');
      return { packages: [], owned: [{ name: name!, ...(arch ? { arch } : {}), files: lines(text) }] };
    }
    if (file.path.endsWith('.md5sums')) {
      const name = path.posix.basename(file.path, '.md5sums');
      const files = lines(text).map((l) => `/${l.replace(/^[0-9a-f]+\s+/, '').replace(/^\/+/, '')}`);
      return { packages: [], owned: [{ name, files }] };
    }
    const result: CatalogResult = { packages: [] };
    for (const s of parseStanzas(text)) {
      const name = s.get('Package');
      const version = s.get('Version');
      if (!name || !version) continue;
      // only installed packages count ("install ok installed"); status.d files carry no Status field
      const status = s.get('Status');
      if (status && !/\binstalled$/.test(status)) continue;
      const pkg: FoundPackage = { type: 'deb', name, version, ecosystem: 'Debian', location: file.path };
      const arch = s.get('Architecture');
      if (arch) pkg.arch = arch;
      const source = s.get('Source');
      if (source) {
        const m = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(source);
        if (m) pkg.source = m[2] ? { name: m[1]!, version: m[2] } : { name: m[1]!, version };
      }
      result.packages.push(pkg);
    }
    return result;
  },
};

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '/.');
}
