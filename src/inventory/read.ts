import { promises as fs } from 'node:fs';
import type { LoadLimits } from './limits.js';

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

function tooBig(size: number, limits: LoadLimits): string {
  return `file is ${size} bytes, over the ${limits.maxFileBytes}-byte limit (--max-file-size); skipped`;
}

/** Reads a file, or stdin for `-`, refusing anything over the size limit before reading it. */
export async function readLimited(
  location: string,
  limits: LoadLimits,
  stdin: AsyncIterable<Buffer | string>,
): Promise<ReadResult> {
  if (location === '-') return readStream(stdin, limits);
  try {
    const stat = await fs.stat(location);
    if (stat.size > limits.maxFileBytes) return { ok: false, message: tooBig(stat.size, limits) };
    return { ok: true, bytes: await fs.readFile(location) };
  } catch (error) {
    return { ok: false, message: `cannot read: ${error instanceof Error ? error.message : String(error)}; skipped` };
  }
}

async function readStream(stream: AsyncIterable<Buffer | string>, limits: LoadLimits): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limits.maxFileBytes) return { ok: false, message: tooBig(size, limits) };
    chunks.push(buffer);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

export type DecodeResult = { ok: true; text: string } | { ok: false; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Manifests are UTF-8 text. A NUL byte in the first 8 KiB (as git and grep decide) or invalid UTF-8 means binary. */
export function decodeText(bytes: Buffer): DecodeResult {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, message: 'binary file (contains NUL bytes), not a manifest; skipped' };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, message: 'not UTF-8 text (binary or another encoding); skipped' };
  }
}
