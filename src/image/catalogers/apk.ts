import type { Cataloger, CatalogResult, FoundPackage } from './types.js';

/** Alpine packages: `/lib/apk/db/installed`, keeping the `o:` origin (the source package advisories name). */
export const apk: Cataloger = {
  id: 'apk',
  matches(p) {
    return p === '/lib/apk/db/installed';
  },
  parse(file) {
    const result: CatalogResult = { packages: [], owned: [] };
    for (const block of file.content.toString('utf8').split(/\n\s*\n/)) {
      const fields: { k: string; v: string }[] = [];
      for (const line of block.split('\n')) {
        if (line.length > 2 && line[1] === ':') fields.push({ k: line[0]!, v: line.slice(2) });
      }
      const get = (k: string) => fields.find((f) => f.k === k)?.v;
      const name = get('P');
      const version = get('V');
      if (!name || !version) continue;
      const pkg: FoundPackage = { type: 'apk', name, version, ecosystem: 'Alpine', location: file.path };
      const arch = get('A');
      if (arch) pkg.arch = arch;
      const origin = get('o');
      if (origin) pkg.source = { name: origin, version };
      const license = get('L');
      if (license) pkg.licenses = [license];
      const files: string[] = [];
      let dir = '';
      for (const f of fields) {
        if (f.k === 'F') dir = f.v;
        else if (f.k === 'R') files.push(`/${dir ? `${dir}/` : ''}${f.v}`);
      }
      result.packages.push(pkg);
      result.owned!.push({ name, files });
    }
    return result;
  },
};
