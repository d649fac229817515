import type { VersionScheme } from './types.js';
import { cmpDigits, cmpStr, isAllDigits } from './util.js';

/**
 * RubyGems versions ordered as Gem::Version#<=> orders them: segments of digits or letters, a letter segment
 * marks a pre-release (sorting before numbers), trailing zero segments ignored.
 */
function segments(v: string): string[] {
  const s = v.trim().replace(/-/g, '.pre.');
  const segs = s.match(/[0-9]+|[a-z]+/gi) ?? [];
  // drop trailing zeros (and zeros just before the first letter segment), as Gem::Version#canonical_segments does
  const firstLetter = segs.findIndex((x) => !isAllDigits(x));
  const head = firstLetter < 0 ? segs : segs.slice(0, firstLetter);
  const tail = firstLetter < 0 ? [] : segs.slice(firstLetter);
  while (head.length > 0 && /^0+$/.test(head[head.length - 1]!)) head.pop();
  while (tail.length > 0 && /^0+$/.test(tail[tail.length - 1]!)) tail.pop();
  return head.concat(tail);
}

export function compareGem(a: string, b: string): number {
  const sa = segments(a);
  const sb = segments(b);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const x = sa[i] ?? '0';
    const y = sb[i] ?? '0';
    if (x === y) continue;
    const nx = isAllDigits(x);
    const ny = isAllDigits(y);
    if (nx && ny) {
      const r = cmpDigits(x, y);
      if (r !== 0) return r;
      continue;
    }
    if (!nx && !ny) return cmpStr(x, y);
    return nx ? 1 : -1;
  }
  return 0;
}

export const gem: VersionScheme = { id: 'gem', compare: compareGem };
