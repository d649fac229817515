import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isAsciiLetter, isDigit } from './util.js';

/**
 * RPM versions, `[epoch:]version[-release]`, ordered by rpmvercmp's documented algorithm (tilde sorts before
 * everything, caret after the base but before anything else, alternating runs of digits and letters, other
 * characters are separators).
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (c: number) => !isDigit(c) && !isAsciiLetter(c) && c !== 126 && c !== 94;
  for (;;) {
    while (i < a.length && sep(a.charCodeAt(i))) i++;
    while (j < b.length && sep(b.charCodeAt(j))) j++;
    const ta = i < a.length && a[i] === '~';
    const tb = j < b.length && b[j] === '~';
    if (ta || tb) {
      if (!ta) return 1;
      if (!tb) return -1;
      i++;
      j++;
      continue;
    }
    const ca = i < a.length && a[i] === '^';
    const cb = j < b.length && b[j] === '^';
    if (ca || cb) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (!ca) return 1;
      if (!cb) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a.charCodeAt(i));
    const is = numeric ? isDigit : isAsciiLetter;
    const si = i;
    while (i < a.length && is(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && is(b.charCodeAt(j))) j++;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    // a numeric segment is newer than an alphabetic one
    if (sb.length === 0) return numeric ? 1 : -1;
    const r = numeric ? cmpDigits(sa, sb) : cmpStr(sa, sb);
    if (r !== 0) return r;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface Evr {
  epoch: string;
  version: string;
  release: string;
}

export function parseEvr(s: string): Evr {
  let epoch = '0';
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0 && /^\d*$/.test(s.slice(0, colon))) {
    epoch = s.slice(0, colon) || '0';
    rest = s.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  // the release keeps its dash, so that `1-` (an empty release) sorts after `1` (none)
  if (dash >= 0) return { epoch, version: rest.slice(0, dash), release: rest.slice(dash) };
  return { epoch, version: rest, release: '' };
}

export function compareRpm(a: string, b: string): number {
  const va = parseEvr(a);
  const vb = parseEvr(b);
  const e = cmpDigits(va.epoch, vb.epoch);
  if (e !== 0) return e;
  const v = rpmvercmp(va.version, vb.version);
  if (v !== 0) return v;
  if (va.release === '' || vb.release === '') return va.release === vb.release ? 0 : va.release === '' ? -1 : 1;
  return rpmvercmp(va.release, vb.release);
}

export const rpm: VersionScheme = { id: 'rpm', compare: compareRpm };
