/**
 * A small seeded pseudo-random generator (sfc32, seeded through cyrb128). The generator must produce the same bytes
 * for the same seed on every machine and Node version, so it never touches Math.random or the clock.
 */

/** Hashes a string into four 32-bit words (cyrb128), used to seed sfc32. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator seeded from the labels, e.g. `new Rng(seed, 'namespace', name)`: independent streams per label. */
  constructor(...labels: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = cyrb128(labels.join('\u0000'));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi], both included. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** One of the values, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let x = this.float() * total;
    for (const [value, w] of choices) {
      x -= w;
      if (x < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `count` lowercase hex digits. */
  hex(count: number): string {
    let out = '';
    while (out.length < count) {
      const x = this.next();
      out += HEX[x & 255]! + HEX[(x >>> 8) & 255]! + HEX[(x >>> 16) & 255]! + HEX[x >>> 24]!;
    }
    return out.slice(0, count);
  }

  /** `count` characters drawn from `alphabet`. */
  chars(alphabet: string, count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[this.int(alphabet.length)]!;
    return out;
  }

  /** A random (version 4 shaped) UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[parseInt(h[16]!, 16) & 3]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Picks `k` distinct items (or all of them when there are fewer), in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(this.int(items.length));
    return [...chosen].sort((x, y) => x - y).map((i) => items[i]!);
  }
}
