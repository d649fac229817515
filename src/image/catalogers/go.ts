import { normalizeGo } from '../versions/go.js';
import type { Cataloger, FoundPackage } from './types.js';

/**
 * Go binaries: the build information the Go linker embeds (Go 1.18+ inline format): the 14-byte magic
 * `\xff Go buildinf:`, pointer size, flags (bit 2: strings inline), then the Go version and the module information
 * as varint-length-prefixed strings; the module information lists `path`, `mod` (the main module), `dep` and
 * `=>` (replacements) lines. Older binaries (pointer-based build info) are reported as not readable.
 */
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

export interface GoBuildInfo {
  goVersion: string;
  path?: string;
  main?: { path: string; version: string };
  deps: { path: string; version: string; replace?: { path: string; version: string } }[];
  settings: Record<string, string>;
}

function uvarint(buf: Buffer, at: number): [number, number] {
  let x = 0;
  let s = 0;
  for (let i = 0; i < 10 && at + i < buf.length; i++) {
    const b = buf[at + i]!;
    if (b < 0x80) return [x + b * 2 ** s, i + 1];
    x += (b & 0x7f) * 2 ** s;
    s += 7;
  }
  return [-1, 0];
}

export function readGoBuildInfo(bin: Buffer): GoBuildInfo | undefined {
  let at = bin.indexOf(MAGIC);
  // the blob is 16-byte aligned in .go.buildinfo; skip unaligned false hits (a string constant in another binary)
  while (at >= 0 && at % 16 !== 0) at = bin.indexOf(MAGIC, at + 1);
  if (at < 0 || at + 32 > bin.length) return undefined;
  const flags = bin[at + 15]!;
  if ((flags & 2) === 0) throw new Error('Go build info of a binary older than Go 1.18 (pointer format): not read');
  let p = at + 32;
  const read = (): string | undefined => {
    const [len, n] = uvarint(bin, p);
    if (len < 0 || p + n + len > bin.length) return undefined;
    const s = bin.subarray(p + n, p + n + len).toString('utf8');
    p += n + len;
    return s;
  };
  const goVersion = read();
  const modinfo = read();
  if (goVersion === undefined) return undefined;
  const info: GoBuildInfo = { goVersion, deps: [], settings: {} };
  // the module information is framed by 16-byte sentinels
  const mod = modinfo && modinfo.length >= 33 ? modinfo.slice(16, -16) : (modinfo ?? '');
  for (const line of mod.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        info.path = f[1] ?? '';
        break;
      case 'mod':
        info.main = { path: f[1] ?? '', version: f[2] ?? '' };
        break;
      case 'dep':
        info.deps.push({ path: f[1] ?? '', version: f[2] ?? '' });
        break;
      case '=>': {
        const last = info.deps[info.deps.length - 1];
        if (last) last.replace = { path: f[1] ?? '', version: f[2] ?? '' };
        break;
      }
      case 'build': {
        const kv = f[1] ?? '';
        const eq = kv.indexOf('=');
        if (eq > 0) info.settings[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
    }
  }
  return info;
}

export const go: Cataloger = {
  id: 'go',
  matches(_p, mode, size) {
    // executables only: build info is in binaries, and reading every file would be wasteful
    return (mode & 0o111) !== 0 && size > 1024;
  },
  parse(file) {
    const c = file.content;
    const isElf = c[0] === 0x7f && c[1] === 0x45 && c[2] === 0x4c && c[3] === 0x46;
    const isMachO = c.readUInt32LE(0) === 0xfeedfacf || c.readUInt32BE(0) === 0xfeedfacf;
    const isPe = c[0] === 0x4d && c[1] === 0x5a;
    if (!isElf && !isMachO && !isPe) return { packages: [] };
    const info = readGoBuildInfo(c);
    if (!info) return { packages: [] };
    const pkgs: FoundPackage[] = [];
    const add = (name: string, version: string) => {
      if (!name || !version || version === '(devel)') return;
      pkgs.push({ type: 'golang', name, version, ecosystem: 'Go', location: file.path });
    };
    if (info.main) add(info.main.path, info.main.version);
    for (const d of info.deps) add(d.replace?.path ?? d.path, d.replace?.version || d.version);
    const gv = /^go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)/.exec(info.goVersion);
    if (gv) add('stdlib', `v${normalizeGo(gv[1]!)}`);
    return { packages: pkgs };
  },
};
