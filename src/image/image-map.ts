import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseReference } from './reference.js';

/**
 * `scan --image-map FILE`: image references as pod specs write them → a local copy of that image (an OCI layout
 * folder, `DIR:tag`, a docker save or OCI archive, or a root folder). YAML or JSON, one mapping:
 *
 * ```yaml
 * registry.example.com/shop/web:1.4.2: ./images/web        # OCI layout
 * nginx:1.25: ./images/nginx.tar                          # docker save
 * ```
 *
 * Relative paths are relative to the map file. Keys are compared as references (`nginx` = `docker.io/library/nginx:latest`).
 */
export type ImageMap = ReadonlyMap<string, string>;

/** The key references are compared by: registry, repository, tag and digest as parsed; the text itself if invalid. */
export function referenceKey(ref: string): string {
  try {
    const r = parseReference(ref);
    return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
  } catch {
    return ref.trim();
  }
}

/** Reads a map file; throws with the file name on anything that is not a mapping of strings to strings. */
export function readImageMap(file: string): ImageMap {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${file}: expected a mapping of image references to local paths`);
  }
  const out = new Map<string, string>();
  for (const [ref, target] of Object.entries(doc)) {
    if (typeof target !== 'string' || target.trim() === '') {
      throw new Error(`${file}: the path for ${ref} must be a non-empty string`);
    }
    out.set(referenceKey(ref), path.resolve(path.dirname(file), target));
  }
  return out;
}
