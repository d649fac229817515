import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * An index of an uncompressed tar file (`docker save` archives, OCI archives): entry name → offset and size, read
 * by seeking from header to header, so a blob inside is streamed straight from the file without extracting it.
 */
export interface TarIndexEntry {
  offset: number;
  size: number;
  type: string;
  linkname: string;
}

function str(buf: Buffer, start: number, len: number): string {
  const s = buf.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? s.length : nul).toString('utf8');
}

function num(buf: Buffer, start: number, len: number): number {
  if (buf[start]! & 0x80) {
    // base-256 (GNU) for sizes over 8 GiB
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const s = str(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('utf8'), 10);
    if (!(len > 0)) break;
    const record = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

export class TarIndex {
  readonly entries = new Map<string, TarIndexEntry>();

  constructor(readonly file: string) {
    const fd = openSync(file, 'r');
    try {
      const header = Buffer.alloc(512);
      let pos = 0;
      let longName: string | undefined;
      let pax: Record<string, string> = {};
      for (let count = 0; ; count++) {
        if (count > 1_000_000) throw new Error(`${file}: more than 1,000,000 entries`);
        if (readSync(fd, header, 0, 512, pos) < 512) break;
        if (header.every((b) => b === 0)) break;
        const size = num(header, 124, 12);
        const type = String.fromCharCode(header[156] || 48);
        const dataStart = pos + 512;
        const next = dataStart + Math.ceil(size / 512) * 512;
        if (type === 'L' || type === 'x' || type === 'g') {
          const data = Buffer.alloc(Math.min(size, 1024 * 1024));
          readSync(fd, data, 0, data.length, dataStart);
          if (type === 'L') longName = str(data, 0, data.length);
          else if (type === 'x') pax = parsePax(data);
          pos = next;
          continue;
        }
        const prefix = str(header, 345, 155);
        let name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(header, 0, 100)}` : str(header, 0, 100));
        name = name.replace(/^\.\//, '').replace(/\/+$/, '');
        this.entries.set(name, { offset: dataStart, size, type, linkname: pax.linkpath ?? str(header, 157, 100) });
        longName = undefined;
        pax = {};
        pos = next;
      }
    } finally {
      closeSync(fd);
    }
  }

  get(name: string): TarIndexEntry | undefined {
    let current = path.posix.normalize(name.replace(/^\.\//, ''));
    let e = this.entries.get(current);
    // follow hard and symbolic links between entries (docker save links identical layers); never out of the archive
    for (let hops = 0; e && (e.type === '1' || e.type === '2') && hops < 8; hops++) {
      const target = e.type === '2' ? path.posix.join(path.posix.dirname(current), e.linkname) : e.linkname;
      current = path.posix.normalize(target.replace(/^\/+/, ''));
      if (current.startsWith('..')) return undefined;
      e = this.entries.get(current);
    }
    return e;
  }

  read(name: string, max: number): Buffer {
    const e = this.get(name);
    if (!e) throw new Error(`${this.file}: no ${name} in the archive`);
    if (e.size > max) throw new Error(`${this.file}: ${name} is ${e.size} bytes (more than ${max})`);
    const fd = openSync(this.file, 'r');
    try {
      const data = Buffer.alloc(e.size);
      readSync(fd, data, 0, e.size, e.offset);
      return data;
    } finally {
      closeSync(fd);
    }
  }

  open(name: string): Readable {
    const e = this.get(name);
    if (!e) throw new Error(`${this.file}: no ${name} in the archive`);
    if (e.size === 0) return createReadStream(this.file, { start: 1, end: 0 });
    return createReadStream(this.file, { start: e.offset, end: e.offset + e.size - 1 });
  }
}
