import type { Cataloger, FoundPackage } from './types.js';
import { parseStanzas } from './types.js';

/** Python distributions: `*.dist-info/METADATA` (wheels, pip) and `*.egg-info/PKG-INFO` (or a bare `.egg-info` file). */
export const python: Cataloger = {
  id: 'python',
  matches(p) {
    return /\.dist-info\/METADATA$/.test(p) || /\.egg-info\/PKG-INFO$/.test(p) || /\.egg-info$/.test(p);
  },
  parse(file) {
    // the headers end at the first blank line; the description follows
    const text = file.content.toString('utf8');
    const head = parseStanzas(text.split(/\r?\n\r?\n/)[0] ?? '')[0];
    const name = head?.get('Name');
    const version = head?.get('Version');
    if (!head || !name || !version) return { packages: [] };
    const pkg: FoundPackage = { type: 'pypi', name, version, ecosystem: 'PyPI', location: file.path };
    const license = head.get('License-Expression') ?? head.get('License');
    if (license && license !== 'UNKNOWN' && !license.includes('\n') && license.length < 100) pkg.licenses = [license];
    return { packages: [pkg] };
  },
};
