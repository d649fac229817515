import Database from 'better-sqlite3';
import type { Cataloger, CatalogResult, FoundPackage } from './types.js';

/**
 * RPM packages from the SQLite rpmdb of current distributions (`rpmdb.sqlite`: RHEL/Fedora/Rocky/Alma 9+,
 * openSUSE): each row of `Packages` is an rpm header blob, parsed here (header layout from rpm's
 * `lib/header.c` format: index count, data length, 16-byte index entries, then the data store). The older
 * Berkeley DB and ndb databases are not read.
 */
const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  VENDOR: 1011,
  ARCH: 1022,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE = { INT32: 4, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

export type HeaderValue = string | string[] | number[];

/** Parses an rpm header blob (without the 8-byte header magic) into tag → value, for the tags asked for. */
export function parseRpmHeader(blob: Buffer, wanted: ReadonlySet<number>): Map<number, HeaderValue> {
  if (blob.length < 8) throw new Error('rpm header: too short');
  let off = 0;
  // a blob read from a file may carry the magic (8e ad e8 01); the rpmdb stores it without
  if (blob[0] === 0x8e && blob[1] === 0xad && blob[2] === 0xe8) off = 8;
  const il = blob.readUInt32BE(off);
  const dl = blob.readUInt32BE(off + 4);
  const entries = off + 8;
  const store = entries + il * 16;
  if (il > 100_000 || dl > 256 * 1024 * 1024 || store + dl > blob.length) throw new Error('rpm header: bad lengths');
  const out = new Map<number, HeaderValue>();
  for (let i = 0; i < il; i++) {
    const e = entries + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readInt32BE(e + 8);
    const count = blob.readUInt32BE(e + 12);
    if (offset < 0 || offset >= dl) continue;
    const at = store + offset;
    const end = store + dl;
    if (type === TYPE.STRING || type === TYPE.I18NSTRING || type === TYPE.STRING_ARRAY) {
      const strs: string[] = [];
      let p = at;
      const n = type === TYPE.STRING ? 1 : count;
      for (let k = 0; k < n && p < end; k++) {
        const z = blob.indexOf(0, p);
        const stop = z < 0 || z > end ? end : z;
        strs.push(blob.subarray(p, stop).toString('utf8'));
        p = stop + 1;
      }
      out.set(tag, type === TYPE.STRING_ARRAY ? strs : (strs[0] ?? ''));
    } else if (type === TYPE.INT32) {
      const nums: number[] = [];
      for (let k = 0; k < count && at + k * 4 + 4 <= end; k++) nums.push(blob.readInt32BE(at + k * 4));
      out.set(tag, nums);
    }
  }
  return out;
}

const WANTED = new Set<number>(Object.values(TAG));

/** `openssl-3.0.7-24.el9.src.rpm` → `openssl` (and its version-release). */
export function parseSourceRpm(s: string): { name: string; version?: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(s);
  return m ? { name: m[1]!, version: `${m[2]}-${m[3]}` } : undefined;
}

export const rpm: Cataloger = {
  id: 'rpm',
  matches(p) {
    return p.endsWith('/rpmdb.sqlite') && (p.startsWith('/var/lib/rpm/') || p.startsWith('/usr/lib/sysimage/rpm/'));
  },
  parse(file) {
    const db = new Database(file.content, { readonly: true });
    const result: CatalogResult = { packages: [], owned: [] };
    try {
      const rows = db.prepare('SELECT blob FROM Packages').all() as { blob: Buffer }[];
      for (const { blob } of rows) {
        let h: Map<number, HeaderValue>;
        try {
          h = parseRpmHeader(blob, WANTED);
        } catch {
          continue;
        }
        const str = (t: number) => (typeof h.get(t) === 'string' ? (h.get(t) as string) : undefined);
        const name = str(TAG.NAME);
        const version = str(TAG.VERSION);
        const release = str(TAG.RELEASE);
        if (!name || !version || name === 'gpg-pubkey') continue;
        const epochs = h.get(TAG.EPOCH);
        const epoch = Array.isArray(epochs) && typeof epochs[0] === 'number' ? String(epochs[0]) : undefined;
        const pkg: FoundPackage = {
          type: 'rpm',
          name,
          version: release ? `${version}-${release}` : version,
          ecosystem: 'Red Hat',
          location: file.path,
        };
        if (epoch) pkg.epoch = epoch;
        const arch = str(TAG.ARCH);
        if (arch) pkg.arch = arch;
        const license = str(TAG.LICENSE);
        if (license) pkg.licenses = [license];
        const src = str(TAG.SOURCERPM);
        const source = src ? parseSourceRpm(src) : undefined;
        if (source) pkg.source = source;
        result.packages.push(pkg);
        const bases = h.get(TAG.BASENAMES);
        const dirs = h.get(TAG.DIRNAMES);
        const idx = h.get(TAG.DIRINDEXES);
        if (Array.isArray(bases) && Array.isArray(dirs) && Array.isArray(idx)) {
          const files = (bases as string[]).map((b, i) => `${(dirs as string[])[(idx as number[])[i]!] ?? '/'}${b}`);
          result.owned!.push({ name, files });
        }
      }
    } finally {
      db.close();
    }
    return result;
  },
};
