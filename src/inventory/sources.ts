import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputError } from './types.js';

/** A file to parse, found by expanding the user's paths. Reading is deferred so that big folders stream. */
export interface FileCandidate {
  /** The path as shown in reports: the user's argument joined with the path below it. */
  display: string;
  /** The path on disk, or `-` for stdin. */
  location: string;
  /** How the file was found: named directly (any extension is parsed) or found in a folder (only manifest files). */
  named: boolean;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz'];

export function isArchivePath(file: string): boolean {
  const lower = file.toLowerCase();
  return ARCHIVE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

export function isManifestPath(file: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop: the link resolves to itself';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Expands one user argument (a file, a folder, an archive, or `-`) into the files to read, depth first in sorted
 * order so that reports are stable. Folders are followed through symlinks, but a link back into a folder we are
 * already inside is a loop: it is reported and not followed.
 */
export async function expandInput(arg: string, errors: InputError[]): Promise<FileCandidate[]> {
  if (arg === '-') return [{ display: '<stdin>', location: '-', named: true }];
  const found: FileCandidate[] = [];
  await visit(arg, arg, true, [], found, errors);
  return found;
}

async function visit(
  location: string,
  display: string,
  named: boolean,
  ancestors: string[],
  found: FileCandidate[],
  errors: InputError[],
): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (error) {
    errors.push({ file: display, message: `cannot read: ${describeFsError(error)}; skipped` });
    return;
  }
  if (stat.isDirectory()) {
    let real: string;
    let entries: string[];
    try {
      real = await fs.realpath(location);
      if (ancestors.includes(real)) {
        errors.push({ file: display, message: `symlink loop: ${display} leads back to ${real}; not followed` });
        return;
      }
      entries = (await fs.readdir(location)).sort();
    } catch (error) {
      errors.push({ file: display, message: `cannot read folder: ${describeFsError(error)}; skipped` });
      return;
    }
    const inside = [...ancestors, real];
    for (const entry of entries) {
      await visit(path.join(location, entry), path.join(display, entry), false, inside, found, errors);
    }
    return;
  }
  if (!stat.isFile()) {
    if (named) errors.push({ file: display, message: 'not a regular file or folder; skipped' });
    return;
  }
  // Archives are read only when named: a folder may hold packaged Helm charts, which are not cluster input.
  if (named || isManifestPath(location)) found.push({ display, location, named });
}
