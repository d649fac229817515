import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { LoadLimits } from './limits.js';
import { isManifestPath } from './sources.js';
import type { InputError } from './types.js';

/** Counts the bytes that pass, and stops the stream once `check` returns a reason to. */
class Meter extends Transform {
  bytes = 0;
  constructor(private readonly check: (bytes: number) => string | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    const stop = this.check(this.bytes);
    if (stop) done(new ArchiveLimitError(stop));
    else done(null, chunk);
  }
}

class ArchiveLimitError extends Error {}

/** `..` anywhere, or an absolute path: never valid in a dump, and a classic traversal attack on extractors. */
function isUnsafeEntryPath(entryPath: string): boolean {
  return path.posix.isAbsolute(entryPath) || /^[a-zA-Z]:/.test(entryPath) || entryPath.split(/[\\/]/).includes('..');
}

/**
 * Streams a gzipped tar of manifests (a cluster dump), handing each manifest entry to `onFile` as it completes.
 * Nothing is written to disk. Total unpacked bytes, entry count, per-entry size and the compression ratio are
 * capped; crossing a cap stops reading the archive with an error, keeping what was read before it.
 */
export async function readArchive(
  location: string,
  display: string,
  limits: LoadLimits,
  onFile: (display: string, bytes: Buffer) => void,
  errors: InputError[],
): Promise<void> {
  const compressed = new Meter(() => undefined);
  const unpacked = new Meter((bytes) => {
    if (bytes > limits.maxArchiveBytes) return `unpacks to over ${limits.maxArchiveBytes} bytes`;
    if (bytes > 16 * 1024 * 1024 && bytes / Math.max(compressed.bytes, 1) > limits.maxCompressionRatio) {
      return `unpacks over ${limits.maxCompressionRatio} times its compressed size: a likely decompression bomb`;
    }
    return undefined;
  });
  let entries = 0;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      entries++;
      if (entries > limits.maxArchiveEntries) {
        parser.abort(new ArchiveLimitError(`holds over ${limits.maxArchiveEntries} entries`));
        entry.resume();
        return;
      }
      const file = `${display}!/${entry.path}`;
      const skip = (message?: string): void => {
        if (message) errors.push({ file, message });
        entry.resume();
      };
      if (entry.type === 'Directory') return skip();
      if (entry.type === 'SymbolicLink' || entry.type === 'Link')
        return skip('link entry in archive, not followed; skipped');
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') return skip();
      if (isUnsafeEntryPath(entry.path)) return skip('unsafe path in archive (absolute or with ..); skipped');
      if (!isManifestPath(entry.path)) return skip();
      if (entry.size > limits.maxFileBytes) {
        return skip(
          `entry is ${entry.size} bytes, over the ${limits.maxFileBytes}-byte limit (--max-file-size); skipped`,
        );
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => onFile(file, Buffer.concat(chunks)));
    },
  });
  let aborted: Error | undefined;
  parser.on('abort', (error: Error) => {
    aborted = error;
  });
  try {
    await pipeline(createReadStream(location), compressed, createGunzip(), unpacked, parser);
  } catch (error) {
    aborted ??= error instanceof Error ? error : new Error(String(error));
  }
  if (aborted) {
    const reason = aborted instanceof ArchiveLimitError ? aborted.message : `cannot be read: ${aborted.message}`;
    errors.push({ file: display, message: `archive ${reason}; stopped reading it, keeping the files read before` });
  }
}
