import type { Cataloger, FoundPackage } from './types.js';

/** Ruby gems: the installed `specifications/*.gemspec` files RubyGems writes (`s.name = ...`, `s.version = ...`). */
export const gem: Cataloger = {
  id: 'gem',
  matches(p) {
    return /\/specifications\/[^/]+\.gemspec$/.test(p);
  },
  parse(file) {
    const text = file.content.toString('utf8');
    const field = (f: string) =>
      new RegExp(`\\.${f}\\s*=\\s*(?:Gem::Version\\.new\\()?["']([^"']+)["']`).exec(text)?.[1]?.trim();
    const name = field('name');
    const version = field('version');
    if (!name || !version) return { packages: [] };
    const pkg: FoundPackage = { type: 'gem', name, version, ecosystem: 'RubyGems', location: file.path };
    const lic = /\.licenses?\s*=\s*\[?([^\n\]]+)\]?/.exec(text)?.[1];
    const licenses = [...(lic ?? '').matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!);
    if (licenses.length > 0) pkg.licenses = licenses;
    return { packages: [pkg] };
  },
};
