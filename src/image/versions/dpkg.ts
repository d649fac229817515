import type { VersionScheme } from './types.js';
import { cmpDigits, isDigit, isAsciiLetter } from './util.js';

/**
 * Debian package versions, `[epoch:]upstream[-revision]`, ordered as deb-version(7) and
 * `dpkg --compare-versions` order them. Written from the manual page's description.
 */
export interface DpkgVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDpkg(version: string): DpkgVersion {
  let s = version.trim();
  let epoch = '0';
  const colon = s.indexOf(':');
  if (colon >= 0) {
    epoch = s.slice(0, colon) || '0';
    s = s.slice(colon + 1);
  }
  const dash = s.lastIndexOf('-');
  if (dash >= 0) return { epoch, upstream: s.slice(0, dash), revision: s.slice(dash + 1) };
  return { epoch, upstream: s, revision: '' };
}

/** The weight of one character in the non-digit part: `~` first, then the end, letters, then everything else. */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1;
  if (isAsciiLetter(c)) return c;
  return c + 256;
}

/** The comparison deb-version(7) describes for the upstream version and for the revision. */
export function compareDpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // the initial part consisting entirely of non-digits, compared character by character
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const wa = i < a.length && !isDigit(a.charCodeAt(i)) ? weight(a, i) : 0;
      const wb = j < b.length && !isDigit(b.charCodeAt(j)) ? weight(b, j) : 0;
      if (wa !== wb) return wa < wb ? -1 : 1;
      if (i < a.length && !isDigit(a.charCodeAt(i))) i++;
      if (j < b.length && !isDigit(b.charCodeAt(j))) j++;
    }
    // then the initial part consisting entirely of digits, compared numerically (empty is zero)
    const si = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = cmpDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDpkg(a: string, b: string): number {
  const va = parseDpkg(a);
  const vb = parseDpkg(b);
  const e = cmpDigits(/^\d+$/.test(va.epoch) ? va.epoch : '0', /^\d+$/.test(vb.epoch) ? vb.epoch : '0');
  if (e !== 0) return e;
  return compareDpkgPart(va.upstream, vb.upstream) || compareDpkgPart(va.revision, vb.revision);
}

export const dpkg: VersionScheme = { id: 'dpkg', compare: compareDpkg };
