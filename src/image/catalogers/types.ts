import type { Package } from '../types.js';

/** A file handed to a cataloger: its path in the image, its content, and its mode bits. */
export interface CatalogFile {
  path: string;
  content: Buffer;
  mode: number;
  size: number;
}

/** A package as a cataloger finds it; the purl (and, for OS packages, the distribution) is added afterwards. */
export type FoundPackage = Omit<Package, 'purl' | 'cataloger'>;

export interface CatalogResult {
  packages: FoundPackage[];
  /** Files an OS package database says a package installed: package name → absolute paths. */
  owned?: { name: string; arch?: string; files: string[] }[];
}

/**
 * One package type (DESIGN.md §3: `{ id, matches(path), parse(file) }`). `matches` sees only the path (and the
 * mode and size), so the walker reads no file nobody wants; `parse` never throws for bad content it can skip, and
 * throws with a message for a file it cannot read at all.
 */
export interface Cataloger {
  id: string;
  matches(path: string, mode: number, size: number): boolean;
  parse(file: CatalogFile): CatalogResult;
}

/** RFC 822-style stanzas (dpkg status, Python METADATA): `Key: value`, continuation lines start with a space. */
export function parseStanzas(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let cur = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (cur.size > 0) out.push(cur);
      cur = new Map();
      last = undefined;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      cur.set(last, `${cur.get(last)}\n${line.trim()}`);
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim();
    if (!cur.has(last)) cur.set(last, line.slice(i + 1).trim());
  }
  if (cur.size > 0) out.push(cur);
  return out;
}
