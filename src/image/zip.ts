import zlib from 'node:zlib';

/**
 * A small synchronous reader of zip archives held in memory (jar, war, ear), reading the central directory: stored
 * and deflated entries, each inflated with a cap on its size so a nested archive cannot bomb the scanner.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export function zipEntries(buf: Buffer): ZipEntry[] {
  // the end of central directory record is in the last 64 KiB + 22 bytes
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count && p + 46 <= buf.length; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) break;
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    out.push({ name, method, compressedSize, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function zipRead(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  if (e.size > maxBytes) throw new Error(`${e.name}: ${e.size} bytes (more than ${maxBytes})`);
  if (buf.readUInt32LE(e.offset) !== 0x04034b50) throw new Error(`${e.name}: bad local header`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method === 8)
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(maxBytes, e.size || maxBytes)) });
  throw new Error(`${e.name}: unsupported compression method ${e.method}`);
}
