import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedRoot } from '../helpers.js';

/** The version-comparison vectors in ../shared/conformance/image/version-vectors. */
export const vectorsRoot = path.join(sharedRoot, 'conformance/image/version-vectors');

export interface Vector {
  file: string;
  line: number;
  a: string;
  op: string;
  b: string;
}

/** `A op B` lines; `#` and `//` comment lines and blank lines skipped. Lines of another shape are returned in `other`. */
export function readVectors(rel: string): { vectors: Vector[]; other: { line: number; text: string }[] } {
  const text = readFileSync(path.join(vectorsRoot, rel), 'utf8');
  const vectors: Vector[] = [];
  const other: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
    const parts = line.split(/\s+/);
    if (parts.length === 3) vectors.push({ file: rel, line: i + 1, a: parts[0]!, op: parts[1]!, b: parts[2]! });
    else other.push({ line: i + 1, text: line });
  });
  return { vectors, other };
}

/** Whether `compare(a, b)` agrees with `op` (`<`, `>`, `=`, or dpkg's -1/0/1). */
export function agrees(op: string, c: number): boolean {
  switch (op) {
    case '<':
    case '-1':
      return c < 0;
    case '>':
    case '1':
      return c > 0;
    case '=':
    case '0':
      return c === 0;
    default:
      throw new Error(`unknown operator ${op}`);
  }
}
