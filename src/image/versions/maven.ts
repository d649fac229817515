import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isAllDigits } from './util.js';

/**
 * Maven versions ordered as Maven's ComparableVersion orders them: tokens split at `.`, `-` and digit/letter
 * transitions, each keeping its separator; `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
 * release < sp`, unknown qualifiers after those (alphabetically), numbers after qualifiers; trailing null tokens
 * trimmed; the shorter version padded with nulls of the other's separator.
 */
interface Tok {
  prefix: string;
  value: string;
  isNull: boolean;
}

const KEYWORDS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];

function keywordOrder(k: string): number {
  const i = KEYWORDS.indexOf(k);
  return i < 0 ? KEYWORDS.length : i;
}

function prefixOrder(t: Tok): number {
  if (isAllDigits(t.value)) return t.prefix === '-' ? 2 : 3;
  return t.prefix === '-' ? 1 : 0;
}

function lessThan(v: Tok, w: Tok): boolean {
  if (v.prefix === w.prefix) {
    const vn = isAllDigits(v.value);
    const wn = isAllDigits(w.value);
    if (vn && wn) return cmpDigits(v.value, w.value) < 0;
    if (vn && !v.isNull) return false;
    if (wn && !w.isNull) return true;
    const l = keywordOrder(v.value);
    const r = keywordOrder(w.value);
    if (l === KEYWORDS.length && r === KEYWORDS.length) return cmpStr(v.value, w.value) < 0;
    return l < r;
  }
  return prefixOrder(v) < prefixOrder(w);
}

const cache = new Map<string, Tok[]>();

export function tokenizeMaven(input: string): Tok[] {
  const hit = cache.get(input);
  if (hit) return hit;
  const tokens: Tok[] = [];
  const raw = input.split(/([-.])/);
  for (let i = 0; i < raw.length; i += 2) {
    let prefix = i === 0 ? '' : raw[i - 1]!;
    const part = raw[i]!;
    // split at transitions between digits and non-digits
    const pieces = part.match(/\d+|\D+/g) ?? [''];
    pieces.forEach((piece, j) => {
      if (j > 0) prefix = '-';
      let cur = piece.toLowerCase();
      if (cur === '') cur = '0';
      if (cur === 'cr') cur = 'rc';
      if (cur === 'ga' || cur === 'final' || cur === 'release') cur = '';
      if (j < pieces.length - 1) {
        if (cur === 'a') cur = 'alpha';
        else if (cur === 'b') cur = 'beta';
        else if (cur === 'm') cur = 'milestone';
      }
      if (isAllDigits(cur)) cur = cur.replace(/^0+(?=\d)/, '');
      tokens.push({ prefix, value: cur, isNull: false });
    });
  }
  // trim trailing null values, then again before each remaining hyphen, from the end to the start
  let i = tokens.length - 1;
  while (i > 0) {
    const t = tokens[i]!;
    if (t.value === '0' || t.value === '' || t.value === 'final' || t.value === 'ga') {
      tokens.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && tokens[i]!.prefix !== '-') i--;
    i--;
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(input, tokens);
  return tokens;
}

function nullToken(other: Tok): Tok {
  if (other.prefix === '-') return { prefix: '-', value: '', isNull: true };
  // "sp" is the only qualifier above the empty value, hence the empty (not zero) padding for it
  return { prefix: '.', value: other.value === 'sp' ? '' : '0', isNull: true };
}

export function compareMaven(a: string, b: string): number {
  const ta = tokenizeMaven(a);
  const tb = tokenizeMaven(b);
  const n = Math.max(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const l = ta[i] ?? nullToken(tb[i]!);
    const r = tb[i] ?? nullToken(ta[i]!);
    if (l.prefix === r.prefix && l.value === r.value) continue;
    return lessThan(l, r) ? -1 : 1;
  }
  return 0;
}

export const maven: VersionScheme = { id: 'maven', compare: compareMaven };
