/**
 * Port sets as interval sets, and connection sets (a port set per protocol). NetworkPolicy and the admin policies
 * only speak of TCP, UDP and SCTP (other protocols are undefined behaviour, SEMANTICS.md §14), so "all connections" is
 * every port 1-65535 of each of the three.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
/** Internal order. Printing sorts protocols by name (SCTP, TCP, UDP), as netpol-analyzer does. */
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export function parseProtocol(value: unknown, fallback: Protocol = 'TCP'): Protocol | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? upper : undefined;
}

/** A set of ports: sorted, disjoint, non-adjacent closed intervals, flat as [lo0, hi0, lo1, hi1, ...]. */
export class PortRanges {
  static readonly NONE = new PortRanges([]);
  static readonly ALL = new PortRanges([MIN_PORT, MAX_PORT]);

  private constructor(readonly bounds: readonly number[]) {}

  /** The ports lo..hi (clamped to 1..65535); empty when hi < lo. */
  static range(lo: number, hi: number): PortRanges {
    const a = Math.max(MIN_PORT, Math.trunc(lo));
    const b = Math.min(MAX_PORT, Math.trunc(hi));
    if (!(a <= b)) return PortRanges.NONE;
    if (a === MIN_PORT && b === MAX_PORT) return PortRanges.ALL;
    return new PortRanges([a, b]);
  }

  static of(...ports: number[]): PortRanges {
    return ports.reduce((acc, p) => acc.union(PortRanges.range(p, p)), PortRanges.NONE);
  }

  /** Builds from any list of intervals (unsorted, overlapping). */
  static fromIntervals(intervals: readonly (readonly [number, number])[]): PortRanges {
    const sorted = intervals
      .map(([lo, hi]) => [Math.max(MIN_PORT, lo), Math.min(MAX_PORT, hi)] as const)
      .filter(([lo, hi]) => lo <= hi)
      .sort((x, y) => x[0] - y[0]);
    const out: number[] = [];
    for (const [lo, hi] of sorted) {
      const last = out.length - 1;
      if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
      else out.push(lo, hi);
    }
    return PortRanges.make(out);
  }

  private static make(bounds: number[]): PortRanges {
    if (bounds.length === 0) return PortRanges.NONE;
    if (bounds.length === 2 && bounds[0] === MIN_PORT && bounds[1] === MAX_PORT) return PortRanges.ALL;
    return new PortRanges(bounds);
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  isAll(): boolean {
    return this.bounds.length === 2 && this.bounds[0] === MIN_PORT && this.bounds[1] === MAX_PORT;
  }

  has(port: number): boolean {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (port < b[2 * mid]!) hi = mid - 1;
      else if (port > b[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Number of ports in the set. */
  size(): number {
    let n = 0;
    for (let i = 0; i < this.bounds.length; i += 2) n += this.bounds[i + 1]! - this.bounds[i]! + 1;
    return n;
  }

  intervals(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.bounds.length; i += 2) out.push([this.bounds[i]!, this.bounds[i + 1]!]);
    return out;
  }

  union(other: PortRanges): PortRanges {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    const out: number[] = [];
    const a = this.bounds;
    const b = other.bounds;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      let lo: number;
      let hi: number;
      if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
        lo = a[i]!;
        hi = a[i + 1]!;
        i += 2;
      } else {
        lo = b[j]!;
        hi = b[j + 1]!;
        j += 2;
      }
      const last = out.length - 1;
      if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
      else out.push(lo, hi);
    }
    return PortRanges.make(out);
  }

  intersect(other: PortRanges): PortRanges {
    if (this.isEmpty() || other.isAll()) return this;
    if (other.isEmpty() || this.isAll()) return other;
    const out: number[] = [];
    const a = this.bounds;
    const b = other.bounds;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i]!, b[j]!);
      const hi = Math.min(a[i + 1]!, b[j + 1]!);
      if (lo <= hi) out.push(lo, hi);
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return PortRanges.make(out);
  }

  /** Whether the two sets share a port: `!this.intersect(other).isEmpty()` without building the intersection. */
  overlaps(other: PortRanges): boolean {
    const a = this.bounds;
    const b = other.bounds;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (Math.max(a[i]!, b[j]!) <= Math.min(a[i + 1]!, b[j + 1]!)) return true;
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return false;
  }

  complement(): PortRanges {
    const out: number[] = [];
    let next = MIN_PORT;
    for (let i = 0; i < this.bounds.length; i += 2) {
      if (this.bounds[i]! > next) out.push(next, this.bounds[i]! - 1);
      next = this.bounds[i + 1]! + 1;
    }
    if (next <= MAX_PORT) out.push(next, MAX_PORT);
    return PortRanges.make(out);
  }

  subtract(other: PortRanges): PortRanges {
    if (this.isEmpty() || other.isEmpty()) return this;
    return this.intersect(other.complement());
  }

  equals(other: PortRanges): boolean {
    if (this.bounds.length !== other.bounds.length) return false;
    for (let i = 0; i < this.bounds.length; i++) if (this.bounds[i] !== other.bounds[i]) return false;
    return true;
  }

  /** `80`, `1-79,81-65535` (netpol-analyzer's notation). */
  toString(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.bounds.length; i += 2) {
      const lo = this.bounds[i]!;
      const hi = this.bounds[i + 1]!;
      parts.push(lo === hi ? String(lo) : `${lo}-${hi}`);
    }
    return parts.join(',');
  }
}

/** A set of connections: for each protocol, the destination ports allowed. */
export class ConnSet {
  static readonly NONE = new ConnSet(PortRanges.NONE, PortRanges.NONE, PortRanges.NONE);
  static readonly ALL = new ConnSet(PortRanges.ALL, PortRanges.ALL, PortRanges.ALL);

  private constructor(
    readonly tcp: PortRanges,
    readonly udp: PortRanges,
    readonly sctp: PortRanges,
  ) {}

  static make(tcp: PortRanges, udp: PortRanges, sctp: PortRanges): ConnSet {
    if (tcp.isEmpty() && udp.isEmpty() && sctp.isEmpty()) return ConnSet.NONE;
    if (tcp.isAll() && udp.isAll() && sctp.isAll()) return ConnSet.ALL;
    return new ConnSet(tcp, udp, sctp);
  }

  /** The given ports of one protocol. */
  static of(protocol: Protocol, ports: PortRanges): ConnSet {
    return ConnSet.make(
      protocol === 'TCP' ? ports : PortRanges.NONE,
      protocol === 'UDP' ? ports : PortRanges.NONE,
      protocol === 'SCTP' ? ports : PortRanges.NONE,
    );
  }

  static port(protocol: Protocol, port: number, endPort = port): ConnSet {
    return ConnSet.of(protocol, PortRanges.range(port, endPort));
  }

  ports(protocol: Protocol): PortRanges {
    return protocol === 'TCP' ? this.tcp : protocol === 'UDP' ? this.udp : this.sctp;
  }

  isEmpty(): boolean {
    return this === ConnSet.NONE || (this.tcp.isEmpty() && this.udp.isEmpty() && this.sctp.isEmpty());
  }

  isAll(): boolean {
    return this === ConnSet.ALL || (this.tcp.isAll() && this.udp.isAll() && this.sctp.isAll());
  }

  has(protocol: Protocol, port: number): boolean {
    return this.ports(protocol).has(port);
  }

  union(other: ConnSet): ConnSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return ConnSet.make(this.tcp.union(other.tcp), this.udp.union(other.udp), this.sctp.union(other.sctp));
  }

  intersect(other: ConnSet): ConnSet {
    if (this.isEmpty() || other.isAll()) return this;
    if (other.isEmpty() || this.isAll()) return other;
    return ConnSet.make(this.tcp.intersect(other.tcp), this.udp.intersect(other.udp), this.sctp.intersect(other.sctp));
  }

  /** Whether the two sets share a connection, without building the intersection. */
  overlaps(other: ConnSet): boolean {
    return this.tcp.overlaps(other.tcp) || this.udp.overlaps(other.udp) || this.sctp.overlaps(other.sctp);
  }

  subtract(other: ConnSet): ConnSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (other.isAll()) return ConnSet.NONE;
    return ConnSet.make(this.tcp.subtract(other.tcp), this.udp.subtract(other.udp), this.sctp.subtract(other.sctp));
  }

  equals(other: ConnSet): boolean {
    return this.tcp.equals(other.tcp) && this.udp.equals(other.udp) && this.sctp.equals(other.sctp);
  }

  /** A canonical string, usable as a map key. */
  key(): string {
    return `${this.tcp.toString()}|${this.udp.toString()}|${this.sctp.toString()}`;
  }

  /** netpol-analyzer's notation: `All Connections`, `No Connections`, or `SCTP 9003,TCP 80,8080-8090,UDP 53`. */
  toString(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    const parts: string[] = [];
    for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
      const ports = this.ports(protocol);
      if (!ports.isEmpty()) parts.push(`${protocol} ${ports.toString()}`);
    }
    return parts.join(',');
  }

  /** Structured form for JSON output: one entry per protocol with ports. */
  toJSON(): { protocol: Protocol; ports: { start: number; end: number }[] }[] {
    const out: { protocol: Protocol; ports: { start: number; end: number }[] }[] = [];
    for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
      const ports = this.ports(protocol);
      if (!ports.isEmpty()) out.push({ protocol, ports: ports.intervals().map(([start, end]) => ({ start, end })) });
    }
    return out;
  }
}

/**
 * Parses `80`, `80/TCP`, `udp/53`, `8080-8090/TCP` into a connection set (protocol defaults to TCP); undefined when
 * the text is not a port.
 */
export function parsePortSpec(text: string): ConnSet | undefined {
  const parts = text.trim().split('/');
  if (parts.length > 2) return undefined;
  let portText = parts[0]!;
  let protocolText: string | undefined = parts[1];
  if (parts.length === 2 && parseProtocol(parts[0]) !== undefined && /^\d/.test(parts[1]!)) {
    portText = parts[1]!;
    protocolText = parts[0];
  }
  const protocol = parseProtocol(protocolText ?? 'TCP');
  const match = /^(\d+)(?:-(\d+))?$/.exec(portText);
  if (!protocol || !match) return undefined;
  const lo = Number(match[1]);
  const hi = match[2] === undefined ? lo : Number(match[2]);
  if (lo < MIN_PORT || hi > MAX_PORT || hi < lo) return undefined;
  return ConnSet.port(protocol, lo, hi);
}

/**
 * Interns connection sets as small integers so that the engine can compare, store and combine them cheaply: id 0 is
 * no connections, id 1 is all connections. Unions and intersections of ids are memoised.
 */
export class ConnTable {
  static readonly NONE = 0;
  static readonly ALL = 1;
  private readonly sets: ConnSet[] = [ConnSet.NONE, ConnSet.ALL];
  private readonly ids = new Map<string, number>([
    [ConnSet.NONE.key(), 0],
    [ConnSet.ALL.key(), 1],
  ]);
  private readonly interMemo = new Map<number, number>();
  private readonly unionMemo = new Map<number, number>();

  id(set: ConnSet): number {
    if (set.isEmpty()) return 0;
    if (set.isAll()) return 1;
    const key = set.key();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): ConnSet {
    return this.sets[id]!;
  }

  get size(): number {
    return this.sets.length;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let r = this.interMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a]!.intersect(this.sets[b]!));
      this.interMemo.set(key, r);
    }
    return r;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    if (a === 1 || b === 1) return 1;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let r = this.unionMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a]!.union(this.sets[b]!));
      this.unionMemo.set(key, r);
    }
    return r;
  }
}
