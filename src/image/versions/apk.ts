import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isDigit } from './util.js';

/**
 * Alpine package versions, `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`, ordered as apk-tools
 * (v3) orders them, written from apk-package(5) and the published test vectors. Invalid versions compare token by
 * token up to the first invalid token, as apk does.
 */
const enum T {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  Hash = 5,
  Revision = 6,
  End = 7,
  Invalid = 8,
}

/** Suffix weights; `none` (5) is the pivot between pre-release and post-release suffixes. */
const SUFFIXES: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const SUFFIX_NONE = 5;

interface Token {
  type: T;
  value: string;
  suffix: number;
}

class Lexer {
  pos = 0;
  constructor(private readonly s: string) {}

  private digits(): string {
    const start = this.pos;
    while (this.pos < this.s.length && isDigit(this.s.charCodeAt(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }

  first(): Token {
    const value = this.digits();
    return { type: value ? T.InitialDigit : T.Invalid, value, suffix: 0 };
  }

  next(prev: T): Token {
    const s = this.s;
    if (this.pos >= s.length) return { type: T.End, value: '', suffix: 0 };
    const c = s[this.pos]!;
    const invalid: Token = { type: T.Invalid, value: '', suffix: 0 };
    if (c >= 'a' && c <= 'z') {
      if (prev > T.Digit) return invalid;
      this.pos++;
      return { type: T.Letter, value: c, suffix: 0 };
    }
    if (c === '.' || isDigit(c.charCodeAt(0))) {
      if (c === '.') {
        if (prev > T.Digit) return invalid;
        this.pos++;
      }
      let type: T;
      if (prev === T.InitialDigit || prev === T.Digit) type = T.Digit;
      else if (prev === T.Suffix) type = T.SuffixNo;
      else return invalid;
      const value = this.digits();
      return { type: value ? type : T.Invalid, value, suffix: 0 };
    }
    if (c === '_') {
      if (prev > T.SuffixNo) return invalid;
      this.pos++;
      const start = this.pos;
      while (this.pos < s.length && s[this.pos]! >= 'a' && s[this.pos]! <= 'z') this.pos++;
      const value = s.slice(start, this.pos);
      const suffix = SUFFIXES[value];
      if (suffix === undefined || !Object.hasOwn(SUFFIXES, value)) return invalid;
      return { type: T.Suffix, value, suffix };
    }
    if (c === '~') {
      if (prev >= T.Hash) return invalid;
      this.pos++;
      const start = this.pos;
      while (this.pos < s.length && /[0-9a-f]/.test(s[this.pos]!)) this.pos++;
      const value = s.slice(start, this.pos);
      return value ? { type: T.Hash, value, suffix: 0 } : invalid;
    }
    if (c === '-') {
      if (prev >= T.Revision || s[this.pos + 1] !== 'r') return invalid;
      this.pos += 2;
      const value = this.digits();
      return { type: value ? T.Revision : T.Invalid, value, suffix: 0 };
    }
    return invalid;
  }
}

function tokenCmp(a: Token, b: Token): number {
  switch (a.type) {
    case T.Digit:
      // a leading zero in a later component means a string comparison, as in Gentoo's rules
      if (a.value[0] === '0' || b.value[0] === '0') return cmpStr(a.value, b.value);
      return cmpDigits(a.value, b.value);
    case T.InitialDigit:
    case T.SuffixNo:
    case T.Revision:
      return cmpDigits(a.value, b.value);
    case T.Letter:
      return cmpStr(a.value, b.value);
    case T.Suffix:
      return Math.sign(a.suffix - b.suffix);
    default:
      return cmpStr(a.value, b.value);
  }
}

/** Compares two apk versions; with `fuzzy`, `b` matching a prefix of `a` is equal (the `~` operator). */
export function compareApkFuzzy(a: string, b: string, fuzzy: boolean): number {
  const la = new Lexer(a);
  const lb = new Lexer(b);
  let ta = la.first();
  let tb = lb.first();
  while (ta.type === tb.type && ta.type < T.End) {
    const r = tokenCmp(ta, tb);
    if (r !== 0) return r;
    ta = la.next(ta.type);
    tb = lb.next(tb.type);
  }
  if (ta.type === tb.type) return 0;
  if (tb.type === T.End && fuzzy) return 0;
  // equal so far: the longer one is newer unless what follows is a pre-release suffix
  if (ta.type === T.Suffix && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.type === T.Suffix && tb.suffix < SUFFIX_NONE) return 1;
  if (ta.type > tb.type) return -1;
  if (tb.type > ta.type) return 1;
  return 0;
}

/**
 * Versions apk calls invalid still occur in old databases and advisories (`6.6.2p1-r0`, `1-r`). For those, the
 * order older apk releases gave (and `apk version -t` printed when the published vectors were generated): numeric
 * components, letter, suffixes, revision, then whatever is left; two invalid versions compare as strings.
 */
interface Loose {
  invalid: boolean;
  components: string[];
  letter: string;
  suffixes: [number, string][];
  revision: string;
  remainder: string;
}

function parseLoose(v: string): Loose {
  let s = v;
  const comps = /^(?:\d+\.?)*/.exec(s)![0];
  const components = comps ? comps.split('.') : [];
  s = s.slice(comps.length);
  let letter = '';
  if (/^[a-z]/.test(s)) {
    letter = s[0]!;
    s = s.slice(1);
  }
  const suffixes: [number, string][] = [];
  for (const m of s.matchAll(/_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/g)) {
    suffixes.push([SUFFIXES[m[1]!]!, m[2] || '0']);
    s = s.startsWith(m[0]) ? s.slice(m[0].length) : s;
  }
  const hash = /^~[0-9a-f]+/.exec(s);
  if (hash) s = s.slice(hash[0].length);
  let revision = '0';
  let invalid = false;
  if (s !== '') {
    const r = /^-r(\d*)/.exec(s);
    if (r) {
      revision = r[1] || '0';
      s = s.slice(r[0].length);
    } else invalid = true;
  }
  return { invalid, components, letter, suffixes, revision, remainder: s };
}

function compareLoose(a: string, b: string): number {
  const va = parseLoose(a);
  const vb = parseLoose(b);
  if (va.invalid && vb.invalid) return cmpStr(a, b);
  for (let i = 0; i < Math.max(va.components.length, vb.components.length); i++) {
    const x = va.components[i] ?? '0';
    const y = vb.components[i] ?? '0';
    const r = i > 0 && (x[0] === '0' || y[0] === '0') ? cmpStr(x, y) : cmpDigits(x || '0', y || '0');
    if (r !== 0) return r;
  }
  if (va.letter !== vb.letter) return va.letter === '' ? -1 : vb.letter === '' ? 1 : cmpStr(va.letter, vb.letter);
  for (let i = 0; i < Math.max(va.suffixes.length, vb.suffixes.length); i++) {
    const [wa, na] = va.suffixes[i] ?? [SUFFIX_NONE, '0'];
    const [wb, nb] = vb.suffixes[i] ?? [SUFFIX_NONE, '0'];
    const r = Math.sign(wa - wb) || cmpDigits(na, nb);
    if (r !== 0) return r;
  }
  const r = cmpDigits(va.revision, vb.revision);
  if (r !== 0) return r;
  if (va.remainder === '' && vb.remainder !== '') return 1;
  if (va.remainder !== '' && vb.remainder === '') return -1;
  return 0;
}

export function compareApk(a: string, b: string): number {
  if (validApk(a) && validApk(b)) return compareApkFuzzy(a, b, false);
  return compareLoose(a, b);
}

/** Whether `v` is a valid apk version. */
export function validApk(v: string): boolean {
  const l = new Lexer(v);
  let t = l.first();
  while (t.type < T.End) t = l.next(t.type);
  return t.type === T.End;
}

export const apk: VersionScheme = { id: 'apk', compare: compareApk };
