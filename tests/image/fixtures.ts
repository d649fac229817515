import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { tempTree } from '../helpers.js';

/** Test builders: Go build info, jars, tar layers, OCI layouts (written here, byte by byte, to the specs). */

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** A minimal ELF file carrying Go 1.18+ build info (inline strings) for these modules. */
export function goBinary(
  modules: { path: string; version: string }[],
  goVersion = 'go1.21.3',
  main?: { path: string; version: string },
): Buffer {
  const sentinel = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
  const lines = ['path\texample.com/app'];
  if (main) lines.push(`mod\t${main.path}\t${main.version}\t`);
  for (const m of modules) lines.push(`dep\t${m.path}\t${m.version}\th1:x=`);
  lines.push('build\t-compiler=gc');
  const modinfo = Buffer.concat([sentinel, Buffer.from(`${lines.join('\n')}\n`), sentinel]);
  const header = Buffer.alloc(32);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header, 0);
  header[14] = 8;
  header[15] = 2;
  const gv = Buffer.from(goVersion);
  const blob = Buffer.concat([header, uvarint(gv.length), gv, uvarint(modinfo.length), modinfo]);
  const elf = Buffer.alloc(4096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(elf, 0);
  return Buffer.concat([elf, blob, Buffer.alloc(64)]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A zip archive (stored entries) — a jar. */
export function zip(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export interface TarEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  /** Declared size without content (for large sparse-like files, the content is zeros). */
  size?: number;
}

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

/** A tar archive (ustar; names may be up to 100 bytes, or longer via a pax header). */
export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  const header = (name: string, size: number, typeflag: string, mode: number, linkname = '') => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0);
    h.write(octal(mode, 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(size, 12), 124);
    h.write(octal(0, 12), 136);
    h.write('        ', 148);
    h.write(typeflag, 156);
    h.write(linkname, 157);
    h.write('ustar\x0000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data =
      type === 'file' ? (Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content ?? '')) : Buffer.alloc(0);
    const size = e.size ?? data.length;
    if (Buffer.byteLength(e.name) > 100) {
      const rec = (k: string, v: string) => {
        const body = ` ${k}=${v}\n`;
        let len = body.length + 2;
        while (`${len}${body}`.length !== len) len++;
        return `${len}${body}`;
      };
      const pax = Buffer.from(rec('path', e.name));
      parts.push(header('PaxHeader', pax.length, 'x', 0o644), pax, pad(pax.length));
    }
    const flag = { file: '0', dir: '5', symlink: '2', hardlink: '1' }[type];
    parts.push(
      header(e.name, type === 'file' ? size : 0, flag, e.mode ?? (type === 'dir' ? 0o755 : 0o644), e.linkname),
    );
    if (type === 'file') {
      parts.push(data.length === size ? data : Buffer.concat([data, Buffer.alloc(size - data.length)]));
      parts.push(pad(size));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/**
 * Writes an OCI image layout holding one image made of these layers (gzip-compressed unless `raw`), and returns
 * its folder.
 */
export function ociLayout(layers: Buffer[], options: { raw?: boolean; tag?: string; dir?: string } = {}): string {
  const dir = options.dir ?? tempTree({});
  const blobs = path.join(dir, 'blobs/sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b: Buffer) => {
    const d = sha256(b);
    writeFileSync(path.join(blobs, d.slice(7)), b);
    return d;
  };
  const descs = layers.map((l) => {
    const blob = options.raw ? l : zlib.gzipSync(l);
    return {
      mediaType: options.raw ? 'application/vnd.oci.image.layer.v1.tar' : 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: put(blob),
      size: blob.length,
    };
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: '' },
      rootfs: { type: 'layers', diff_ids: layers.map(sha256) },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
      layers: descs,
    }),
  );
  const md = put(manifest);
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: md,
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': options.tag ?? 'latest' },
        },
      ],
    }),
  );
  return dir;
}

/** Stanzas of this machine's real dpkg database: the first `n` installed packages, one with a Source: (version). */
export function realDpkgStatus(n = 40): string {
  const stanzas = readFileSync('/var/lib/dpkg/status', 'utf8')
    .split(/\n\n+/)
    .filter((s) => /^Status: install ok installed$/m.test(s));
  const withSourceVersion = stanzas.find((s) => /^Source: \S+ \(/m.test(s));
  return [...stanzas.slice(0, n), ...(withSourceVersion ? [withSourceVersion] : [])].join('\n\n') + '\n';
}
