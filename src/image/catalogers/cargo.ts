import type { Cataloger, FoundPackage } from './types.js';

/** Rust crates: `Cargo.lock` files left in an image (`[[package]]` tables with `name`, `version` and `source`). */
export const cargo: Cataloger = {
  id: 'cargo',
  matches(p) {
    return p.endsWith('/Cargo.lock');
  },
  parse(file) {
    const packages: FoundPackage[] = [];
    for (const block of file.content
      .toString('utf8')
      .split(/^\[\[package\]\]\s*$/m)
      .slice(1)) {
      const field = (k: string) => new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, 'm').exec(block.split(/^\[/m)[0]!)?.[1];
      const name = field('name');
      const version = field('version');
      // crates without a registry source are the workspace's own
      if (!name || !version || !field('source')?.startsWith('registry+')) continue;
      packages.push({ type: 'cargo', name, version, ecosystem: 'crates.io', location: file.path });
    }
    return { packages };
  },
};
