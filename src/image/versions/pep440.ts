import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isAllDigits } from './util.js';

/**
 * Python package versions ordered as PEP 440 (and the `packaging` library) order them. Strings that are not PEP 440
 * versions are "legacy" versions, ordered before every valid version and among themselves the way setuptools'
 * `parse_version` did, which is what older `packaging` releases (and the published vectors) use.
 */
const PEP440 =
  /^\s*v?(?:(?:(\d+)!)?(\d+(?:\.\d+)*)([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?((?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d+)?))?([-_.]?(dev)[-_.]?(\d+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/;

interface Pep440 {
  legacy?: string;
  epoch: string;
  release: string[];
  pre?: { letter: string; n: string };
  post?: string;
  dev?: string;
  local: string[];
}

const cache = new Map<string, Pep440>();

const LEGACY: Record<string, string> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

function legacyKey(s: string): string {
  const parts: string[] = [];
  for (const raw of [...(s.match(/\d+|[a-z]+|\.|-/g) ?? []), 'final']) {
    let part: string = raw;
    if (part === '.') continue;
    part = LEGACY[part] ?? part;
    part = /^\d/.test(part) ? part.padStart(8, '0') : `*${part}`;
    if (part.startsWith('*')) {
      if (part < '*final') while (parts.length > 0 && parts[parts.length - 1] === '*final-') parts.pop();
      while (parts.length > 0 && parts[parts.length - 1] === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return parts.join('');
}

export function parsePep440(input: string): Pep440 {
  const hit = cache.get(input);
  if (hit) return hit;
  const s = input.toLowerCase();
  const m = PEP440.exec(s);
  let v: Pep440;
  if (!m) {
    v = { legacy: legacyKey(s), epoch: '0', release: [], local: [] };
  } else {
    v = { epoch: m[1] ?? '0', release: m[2]!.split('.'), local: m[13] ? m[13].split(/[-_.]/) : [] };
    if (m[4]) {
      const l = m[4];
      const letter = l === 'alpha' ? 'a' : l === 'beta' ? 'b' : l === 'c' || l === 'pre' || l === 'preview' ? 'rc' : l;
      v.pre = { letter, n: m[5] ?? '0' };
    }
    if (m[7] !== undefined) v.post = m[7];
    else if (m[8]) v.post = m[9] ?? '0';
    if (m[11]) v.dev = m[12] ?? '0';
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(input, v);
  return v;
}

function cmpRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const r = cmpDigits(a[i] ?? '0', b[i] ?? '0');
    if (r !== 0) return r;
  }
  return 0;
}

export function comparePep440(a: string, b: string): number {
  const va = parsePep440(a);
  const vb = parsePep440(b);
  if (va.legacy !== undefined || vb.legacy !== undefined) {
    if (va.legacy === undefined) return 1;
    if (vb.legacy === undefined) return -1;
    return cmpStr(va.legacy, vb.legacy);
  }
  let r = cmpDigits(va.epoch, vb.epoch) || cmpRelease(va.release, vb.release);
  if (r !== 0) return r;
  // pre-release; a bare .devN (no pre, no post) sorts before any pre-release of the same release
  const trickA = !va.pre && va.post === undefined && va.dev !== undefined;
  const trickB = !vb.pre && vb.post === undefined && vb.dev !== undefined;
  if (trickA || trickB) {
    if (!(trickA && trickB)) return trickA ? -1 : 1;
  } else if (va.pre || vb.pre) {
    if (!va.pre) return 1;
    if (!vb.pre) return -1;
    r = cmpStr(va.pre.letter, vb.pre.letter) || cmpDigits(va.pre.n, vb.pre.n);
    if (r !== 0) return r;
  }
  if (va.post !== undefined || vb.post !== undefined) {
    if (va.post === undefined) return -1;
    if (vb.post === undefined) return 1;
    r = cmpDigits(va.post, vb.post);
    if (r !== 0) return r;
  }
  if (va.dev !== undefined || vb.dev !== undefined) {
    if (va.dev === undefined) return 1;
    if (vb.dev === undefined) return -1;
    r = cmpDigits(va.dev, vb.dev);
    if (r !== 0) return r;
  }
  // local versions: numeric segments above alphanumeric ones, more segments above fewer
  for (let i = 0; i < Math.min(va.local.length, vb.local.length); i++) {
    const x = va.local[i]!;
    const y = vb.local[i]!;
    const nx = isAllDigits(x);
    const ny = isAllDigits(y);
    r = nx && ny ? cmpDigits(x, y) : !nx && !ny ? cmpStr(x, y) : nx ? 1 : -1;
    if (r !== 0) return r;
  }
  return Math.sign(va.local.length - vb.local.length);
}

export const pep440: VersionScheme = { id: 'pep440', compare: comparePep440 };
