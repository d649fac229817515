/**
 * IP addresses, CIDRs and sets of addresses. IPv4 and IPv6 are separate families; to keep one code path, both live
 * in one number line of bigints: an IPv4 address a is a, an IPv6 address a is 2^32 + a. A range never spans the two.
 */

export const V4_SIZE = 1n << 32n;
export const V6_SIZE = 1n << 128n;
/** The first value past the end of the space. */
export const SPACE_END = V4_SIZE + V6_SIZE;

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return BigInt(value);
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(':::')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        if (i !== pieces.length - 1) return undefined;
        const v4 = parseV4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return value;
}

/** An address as a point of the shared number line, or undefined when the text is not an IP address. */
export function parseIp(text: string): bigint | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const v6 = parseV6(t.split('%')[0]!);
    return v6 === undefined ? undefined : V4_SIZE + v6;
  }
  return parseV4(t);
}

/** The inclusive range [start, end] a CIDR covers (host bits ignored), or undefined when it is not a CIDR. */
export function parseCidr(text: string): [bigint, bigint] | undefined {
  const [addr, bitsText, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const base = parseIp(addr);
  if (base === undefined) return undefined;
  const v6 = base >= V4_SIZE;
  const width = v6 ? 128 : 32;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return undefined;
  const offset = v6 ? V4_SIZE : 0n;
  const host = BigInt(width - bits);
  const start = ((base - offset) >> host) << host;
  return [offset + start, offset + start + (1n << host) - 1n];
}

export function isV6(point: bigint): boolean {
  return point >= V4_SIZE;
}

function formatV4(value: bigint): string {
  const n = Number(value);
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function formatV6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (2 or more) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatIp(point: bigint): string {
  return point >= V4_SIZE ? formatV6(point - V4_SIZE) : formatV4(point);
}

/** `10.0.0.0-10.255.255.255` (netpol-analyzer's notation for an address range). */
export function formatRange(start: bigint, end: bigint): string {
  return `${formatIp(start)}-${formatIp(end)}`;
}

/** A set of addresses: sorted, disjoint, non-adjacent inclusive ranges, flat [s0, e0, s1, e1, ...]. */
export class IpSet {
  static readonly EMPTY = new IpSet([]);
  static readonly ALL_V4 = new IpSet([0n, V4_SIZE - 1n]);
  static readonly ALL_V6 = new IpSet([V4_SIZE, SPACE_END - 1n]);
  static readonly ALL = new IpSet([0n, SPACE_END - 1n]);

  private constructor(readonly bounds: readonly bigint[]) {}

  static fromRanges(ranges: readonly (readonly [bigint, bigint])[]): IpSet {
    const sorted = [...ranges].filter(([s, e]) => s <= e).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: bigint[] = [];
    for (const [s, e] of sorted) {
      const last = out.length - 1;
      if (last > 0 && s <= out[last]! + 1n) {
        if (e > out[last]!) out[last] = e;
      } else out.push(s, e);
    }
    return new IpSet(out);
  }

  /** The addresses of a CIDR, or undefined when the text is not one. */
  static cidr(text: string): IpSet | undefined {
    const range = parseCidr(text);
    return range ? new IpSet(range) : undefined;
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  ranges(): [bigint, bigint][] {
    const out: [bigint, bigint][] = [];
    for (let i = 0; i < this.bounds.length; i += 2) out.push([this.bounds[i]!, this.bounds[i + 1]!]);
    return out;
  }

  has(point: bigint): boolean {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (point < b[2 * mid]!) hi = mid - 1;
      else if (point > b[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** True when every address of [start, end] is in the set. */
  covers(start: bigint, end: bigint): boolean {
    for (let i = 0; i < this.bounds.length; i += 2) {
      if (this.bounds[i]! <= start && end <= this.bounds[i + 1]!) return true;
    }
    return false;
  }

  union(other: IpSet): IpSet {
    return IpSet.fromRanges([...this.ranges(), ...other.ranges()]);
  }

  complement(): IpSet {
    const out: [bigint, bigint][] = [];
    let next = 0n;
    for (let i = 0; i < this.bounds.length; i += 2) {
      if (this.bounds[i]! > next) out.push([next, this.bounds[i]! - 1n]);
      next = this.bounds[i + 1]! + 1n;
    }
    if (next < SPACE_END) out.push([next, SPACE_END - 1n]);
    return IpSet.fromRanges(out);
  }

  intersect(other: IpSet): IpSet {
    const out: [bigint, bigint][] = [];
    const a = this.bounds;
    const b = other.bounds;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const s = a[i]! > b[j]! ? a[i]! : b[j]!;
      const e = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
      if (s <= e) out.push([s, e]);
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return IpSet.fromRanges(out);
  }

  equals(other: IpSet): boolean {
    return this.bounds.length === other.bounds.length && this.bounds.every((b, i) => b === other.bounds[i]);
  }

  subtract(other: IpSet): IpSet {
    return this.intersect(other.complement());
  }

  /** Every range start and every range end + 1: where the set begins or stops. */
  boundaries(): bigint[] {
    const out: bigint[] = [];
    for (let i = 0; i < this.bounds.length; i += 2) out.push(this.bounds[i]!, this.bounds[i + 1]! + 1n);
    return out;
  }

  toString(): string {
    return this.ranges()
      .map(([s, e]) => formatRange(s, e))
      .join(',');
  }
}

/** Splits every range that crosses from IPv4 into IPv6 so that printed ranges stay within one family. */
export function splitFamilies(start: bigint, end: bigint): [bigint, bigint][] {
  if (start < V4_SIZE && end >= V4_SIZE) {
    return [
      [start, V4_SIZE - 1n],
      [V4_SIZE, end],
    ];
  }
  return [[start, end]];
}

/**
 * Addresses that are not on the public Internet: RFC 1918, shared (CGNAT), loopback, link-local, "this network",
 * multicast and reserved IPv4; everything but global unicast (2000::/3) in IPv6. Documentation ranges (TEST-NET,
 * 2001:db8::/32) count as public, since examples use them to stand for public addresses.
 */
export const NON_INTERNET = IpSet.fromRanges(
  [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '224.0.0.0/3',
    '::/3',
    '4000::/2',
    '8000::/1',
  ].map((c) => parseCidr(c)!),
);

/** The public Internet, as sources and destinations outside every private network. */
export const INTERNET = IpSet.ALL.subtract(NON_INTERNET);

/**
 * The address space cut into the disjoint blocks ("atoms") that a list of boundaries induces: every atom is either
 * wholly inside or wholly outside each CIDR whose boundaries were given, so a CIDR is a set of atoms.
 */
export class IpAtoms {
  /** Sorted atom starts; atom i is [starts[i], starts[i+1]-1] (the last ends at SPACE_END-1). */
  readonly starts: bigint[];

  constructor(boundaries: Iterable<bigint>) {
    const set = new Set<bigint>([0n, V4_SIZE]);
    for (const b of boundaries) if (b > 0n && b < SPACE_END) set.add(b);
    this.starts = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get count(): number {
    return this.starts.length;
  }

  start(atom: number): bigint {
    return this.starts[atom]!;
  }

  end(atom: number): bigint {
    return atom + 1 < this.starts.length ? this.starts[atom + 1]! - 1n : SPACE_END - 1n;
  }

  /** The atom holding an address. */
  atomOf(point: bigint): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= point) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The atoms wholly inside a set (all of them, when the set's boundaries were given). */
  atomsIn(set: IpSet): number[] {
    const out: number[] = [];
    for (const [s, e] of set.ranges()) {
      for (let a = this.atomOf(s); a < this.starts.length && this.start(a) <= e; a++) {
        if (set.covers(this.start(a), this.end(a))) out.push(a);
      }
    }
    return out;
  }

  isV6Atom(atom: number): boolean {
    return this.start(atom) >= V4_SIZE;
  }
}
