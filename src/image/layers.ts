import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';

/**
 * Layers, read safely: each layer is streamed once (decompressed on the fly, never unpacked to disk), entries
 * are applied to an in-memory index of the image's filesystem with OCI whiteouts and opaque directories, entries
 * whose names are absolute or climb with `..` are refused, and limits stop decompression bombs.
 */
export interface LayerLimits {
  /** Decompressed bytes over all layers. */
  maxTotalBytes: number;
  /** Entries over all layers. */
  maxEntries: number;
  /** Decompressed / compressed bytes of one layer, checked once the layer has produced `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** The largest single file whose content is read (for catalogers and the secret scanner). */
  maxFileBytes: number;
}

export const DEFAULT_LIMITS: LayerLimits = {
  maxTotalBytes: 32 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 ** 2,
  maxFileBytes: 512 * 1024 ** 2,
};

export class LimitError extends Error {
  constructor(
    readonly limit: 'bytes' | 'entries' | 'ratio',
    message: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface FileEntry {
  /** Absolute, normalised: `/etc/os-release`. */
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  linkname?: string;
  /** Index of the layer that wrote it (0 for a root folder). */
  layer: number;
}

export interface LayerWarning {
  layer?: string;
  path: string;
  message: string;
}

/** What the walker asks of its user: which files to read, and what to do with their content. */
export interface EntryVisitor {
  wants(entry: FileEntry): boolean;
  onFile(entry: FileEntry, content: Buffer, layer: LayerInfo): void;
  /** A path removed (whiteout, opaque directory, replaced by a different type). */
  onRemove?(path: string): void;
  /** A hard link to an earlier entry. */
  onHardlink?(entry: FileEntry, target: string): void;
}

export interface LayerInfo {
  index: number;
  digest: string;
  mediaType: string;
  /** The uncompressed digest from the config's `rootfs.diff_ids`, verified when given. */
  diffId?: string;
}

/**
 * A path inside the image, normalised, or undefined when it is unsafe: absolute names and names whose `..`
 * would leave the root are refused (a leading `./` and `/`-only roots are fine).
 */
export function safeEntryPath(raw: string): string | undefined {
  if (raw.startsWith('/') || raw.includes('\0') || /^[a-zA-Z]:[\\/]/.test(raw)) return undefined;
  const parts = raw.split('/');
  if (parts.includes('..')) return undefined;
  const norm = path.posix.normalize(`/${raw}`).replace(/\/+$/, '');
  return norm === '' ? '/' : norm;
}

/** The squashed filesystem of an image: path → entry, for the layers applied so far. */
export class ImageFilesystem {
  readonly entries = new Map<string, FileEntry>();
  entryCount = 0;
  totalBytes = 0;

  /** Removes `p` and everything below it, of layers before `beforeLayer` only (opaque directories keep their own). */
  removeTree(p: string, beforeLayer: number, visitor?: EntryVisitor): void {
    const prefix = p === '/' ? '/' : `${p}/`;
    for (const [k, e] of this.entries) {
      if ((k === p || k.startsWith(prefix)) && e.layer < beforeLayer) {
        this.entries.delete(k);
        visitor?.onRemove?.(k);
      }
    }
  }

  /**
   * Resolves symbolic links with the image as the root, as a chroot would. A link that climbs above the root
   * or loops is not followed: undefined.
   */
  resolve(p: string, hops = 0): string | undefined {
    if (hops > 40) return undefined;
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      const e = this.entries.get(next);
      if (e?.type === 'symlink' && e.linkname !== undefined) {
        const target = e.linkname.startsWith('/') ? e.linkname : `${cur}/${e.linkname}`;
        if (escapes(target)) return undefined;
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(path.posix.normalize(`${target}${rest ? `/${rest}` : ''}`), hops + 1);
      }
      cur = next;
    }
    return cur || '/';
  }
}

/** Whether a link target climbs above the root (more `..` than directories before it). */
export function escapes(target: string): boolean {
  let depth = 0;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (--depth < 0) return true;
    } else depth++;
  }
  return false;
}

class Counter extends Transform {
  bytes = 0;
  readonly hash: Hash;
  constructor(private readonly check?: (bytes: number) => void) {
    super();
    this.hash = createHash('sha256');
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    try {
      this.check?.(this.bytes);
    } catch (e) {
      cb(e as Error);
      return;
    }
    cb(null, chunk);
  }
}

/** A stream that waits for the first bytes to tell gzip (and zstd) from a plain tar. */
function decompressor(first: Buffer, mediaType: string): Transform | undefined {
  if (first[0] === 0x1f && first[1] === 0x8b) return zlib.createGunzip();
  if (first[0] === 0x28 && first[1] === 0xb5 && first[2] === 0x2f && first[3] === 0xfd) {
    const z = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
    if (!z) throw new Error(`zstd-compressed layers need Node.js 22.15 or newer (${mediaType})`);
    return z();
  }
  return undefined;
}

function entryType(t: string): EntryType {
  switch (t) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'dir';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Reads the first chunk of a stream without losing it. */
async function peek(stream: Readable): Promise<{ first: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', reject);
      const out = new PassThrough();
      out.write(chunk);
      stream.pipe(out);
      stream.on('error', (e) => out.destroy(e));
      resolve({ first: chunk, stream: out });
    };
    const onEnd = () => resolve({ first: Buffer.alloc(0), stream: stream });
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', reject);
  });
}

/** Applies one layer's stream to the filesystem, calling the visitor for wanted files; verifies both digests. */
export async function applyLayer(
  fs: ImageFilesystem,
  input: Readable,
  layer: LayerInfo,
  visitor: EntryVisitor,
  limits: LayerLimits,
  warnings: LayerWarning[],
): Promise<void> {
  const compressed = new Counter();
  let layerBytes = 0;
  const uncompressed = new Counter((bytes) => {
    const added = bytes - layerBytes;
    layerBytes = bytes;
    fs.totalBytes += added;
    if (fs.totalBytes > limits.maxTotalBytes) {
      throw new LimitError('bytes', `${layer.digest}: image exceeds ${limits.maxTotalBytes} decompressed bytes`);
    }
    if (bytes > limits.ratioFloorBytes && compressed.bytes > 0 && bytes / compressed.bytes > limits.maxRatio) {
      throw new LimitError(
        'ratio',
        `${layer.digest}: compression ratio over ${limits.maxRatio}:1 (${bytes} bytes from ${compressed.bytes}): ` +
          'refusing a likely decompression bomb',
      );
    }
  });
  const { first, stream } = await peek(input);
  const inflate = decompressor(first, layer.mediaType);
  const parser = new Parser({ strict: false });
  const pending: Promise<void>[] = [];
  let failure: Error | undefined;
  parser.on('entry', (entry: ReadEntry) => {
    try {
      onEntry(entry);
    } catch (e) {
      failure ??= e as Error;
      entry.resume();
      stream.destroy(e as Error);
    }
  });
  const onEntry = (entry: ReadEntry) => {
    fs.entryCount++;
    if (fs.entryCount > limits.maxEntries) {
      throw new LimitError('entries', `${layer.digest}: image has more than ${limits.maxEntries} entries`);
    }
    const raw = entry.path;
    const p = safeEntryPath(raw);
    if (p === undefined) {
      warnings.push({ layer: layer.digest, path: raw, message: 'unsafe entry name (absolute or with ..): skipped' });
      entry.resume();
      return;
    }
    const dir = path.posix.dirname(p);
    const base = path.posix.basename(p);
    if (base === '.wh..wh..opq') {
      fs.removeTree(dir, layer.index, visitor);
      // the directory itself stays
      entry.resume();
      return;
    }
    if (base.startsWith('.wh.')) {
      fs.removeTree(path.posix.join(dir, base.slice(4)), layer.index + 1, visitor);
      entry.resume();
      return;
    }
    const type = entryType(entry.type);
    const fe: FileEntry = { path: p, type, size: entry.size, mode: entry.mode ?? 0, layer: layer.index };
    if (entry.linkpath !== undefined && (type === 'symlink' || type === 'hardlink')) fe.linkname = entry.linkpath;
    const existing = fs.entries.get(p);
    if (existing && existing.type === 'dir' && type !== 'dir') fs.removeTree(p, layer.index + 1, visitor);
    else if (existing) visitor.onRemove?.(p);
    fs.entries.set(p, fe);
    if (type === 'hardlink' && fe.linkname !== undefined) {
      const target = safeEntryPath(fe.linkname);
      if (target === undefined) {
        warnings.push({ layer: layer.digest, path: raw, message: 'hard link to an unsafe name: skipped' });
      } else {
        const t = fs.entries.get(target);
        if (t) fs.entries.set(p, { ...t, path: p, layer: layer.index });
        visitor.onHardlink?.(fe, target);
      }
      entry.resume();
      return;
    }
    if (type !== 'file' || !visitor.wants(fe)) {
      entry.resume();
      return;
    }
    if (entry.size > limits.maxFileBytes) {
      warnings.push({ layer: layer.digest, path: p, message: `file of ${entry.size} bytes not read (limit)` });
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    pending.push(
      new Promise<void>((resolve) => {
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          try {
            visitor.onFile(fe, Buffer.concat(chunks), layer);
          } catch (e) {
            warnings.push({ layer: layer.digest, path: p, message: (e as Error).message });
          }
          resolve();
        });
      }),
    );
  };
  const stages: (Readable | Transform | Parser)[] = [stream, compressed];
  if (inflate) stages.push(inflate);
  stages.push(uncompressed, parser);
  try {
    await pipeline(stages as unknown as [Readable, ...Transform[]]);
  } catch (e) {
    throw failure ?? e;
  }
  await Promise.all(pending);
  if (failure) throw failure;
  const got = `sha256:${compressed.hash.digest('hex')}`;
  const diff = `sha256:${uncompressed.hash.digest('hex')}`;
  if (layer.digest.startsWith('sha256:') && got !== layer.digest && diff !== layer.digest) {
    throw new Error(`layer digest mismatch: expected ${layer.digest}, got ${got}`);
  }
  if (layer.diffId && diff !== layer.diffId) {
    throw new Error(`layer ${layer.digest}: uncompressed digest ${diff} does not match diff_id ${layer.diffId}`);
  }
}
