import semverLib from 'semver';
import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isAllDigits, isDigit } from './util.js';

/**
 * Semantic Versioning 2.0.0 precedence, tolerant as OSV's SEMVER ranges need: a leading `v`, any number of
 * numeric components (those past the third are compared as part of the pre-release, as OSV tooling does), and
 * components of any size.
 */
interface SemverLike {
  components: string[];
  /** Everything after the numeric components, pre-release (`-x`) and/or build (`+y`). */
  rest: string;
}

function parseLike(input: string): SemverLike {
  const s = input.startsWith('v') ? input.slice(1) : input;
  const components: string[] = [];
  let i = 0;
  let cur = '';
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      cur += s[i];
      continue;
    }
    if (cur !== '') {
      components.push(cur);
      cur = '';
    }
    if (c === 46) continue;
    break;
  }
  if (i >= s.length && cur !== '') components.push(cur);
  let rest = s.slice(i);
  if (components.length > 3) {
    rest =
      components
        .slice(3)
        .map((x) => `.${x}`)
        .join('') + rest;
    components.length = 3;
  }
  return { components, rest };
}

function comparePrerelease(a: string, b: string): number {
  a = a.split('+')[0]!.replace(/^-/, '');
  b = b.split('+')[0]!.replace(/^-/, '');
  if (a === '' && b !== '') return 1;
  if (a !== '' && b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const nx = isAllDigits(x);
    const ny = isAllDigits(y);
    let r: number;
    if (nx && ny) r = cmpDigits(x, y);
    else if (!nx && !ny) r = cmpStr(x, y);
    else r = nx ? -1 : 1;
    if (r !== 0) return r;
  }
  return Math.sign(pa.length - pb.length);
}

export function compareSemver(a: string, b: string): number {
  const va = parseLike(a);
  const vb = parseLike(b);
  const n = Math.max(va.components.length, vb.components.length, 3);
  for (let i = 0; i < n; i++) {
    const r = cmpDigits(va.components[i] ?? '0', vb.components[i] ?? '0');
    if (r !== 0) return r;
  }
  return comparePrerelease(va.rest, vb.rest);
}

/** npm: node-semver's order for versions it accepts (loose), the tolerant order above for the rest. */
export function compareNpm(a: string, b: string): number {
  const pa = semverLib.parse(a, { loose: true });
  const pb = semverLib.parse(b, { loose: true });
  if (pa && pb) return semverLib.compare(pa, pb);
  return compareSemver(a, b);
}

export const semver: VersionScheme = { id: 'semver', compare: compareSemver };
export const npm: VersionScheme = { id: 'npm', compare: compareNpm };
