/**
 * What changed between two connectivity maps: connections added, removed and changed, in netpol-analyzer's diff
 * notation. Address ranges are compared on the common refinement of both maps' ranges, so that a range split
 * differently on each side is still compared address by address.
 */
import { formatRange, splitFamilies } from './ip.js';
import type { MapFormat, MapLine } from './map.js';
import { ConnSet } from './ports.js';

export type DiffType = 'added' | 'removed' | 'changed';

export interface DiffEntry {
  type: DiffType;
  src: string;
  dst: string;
  base: ConnSet;
  head: ConnSet;
}

function compare(a: DiffEntry, b: DiffEntry): number {
  return a.src < b.src ? -1 : a.src > b.src ? 1 : a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0;
}

function entry(src: string, dst: string, base: ConnSet, head: ConnSet): DiffEntry | undefined {
  if (base.equals(head)) return undefined;
  const type: DiffType = base.isEmpty() ? 'added' : head.isEmpty() ? 'removed' : 'changed';
  return { type, src, dst, base, head };
}

export function diffMaps(base: readonly MapLine[], head: readonly MapLine[]): DiffEntry[] {
  const out: DiffEntry[] = [];
  const plain = new Map<string, { src: string; dst: string; base: ConnSet; head: ConnSet }>();
  // Lines with an address range, grouped by their other side and direction.
  const ranged = new Map<string, { peer: string; ipIsSrc: boolean; base: MapLine[]; head: MapLine[] }>();
  const take = (lines: readonly MapLine[], side: 'base' | 'head') => {
    for (const l of lines) {
      if (l.range) {
        const ipIsSrc = l.srcKind === 'ip';
        const peer = ipIsSrc ? l.dst : l.src;
        const key = `${ipIsSrc ? '<' : '>'}${peer}`;
        const group = ranged.get(key) ?? { peer, ipIsSrc, base: [], head: [] };
        group[side].push(l);
        ranged.set(key, group);
        continue;
      }
      const key = `${l.src}\u0000${l.dst}`;
      const item = plain.get(key) ?? { src: l.src, dst: l.dst, base: ConnSet.NONE, head: ConnSet.NONE };
      item[side] = item[side].union(l.conn);
      plain.set(key, item);
    }
  };
  take(base, 'base');
  take(head, 'head');
  for (const item of plain.values()) {
    const e = entry(item.src, item.dst, item.base, item.head);
    if (e) out.push(e);
  }
  for (const group of ranged.values()) {
    const cuts = new Set<bigint>();
    for (const l of [...group.base, ...group.head]) {
      cuts.add(l.range![0]);
      cuts.add(l.range![1] + 1n);
    }
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const connAt = (lines: MapLine[], point: bigint) =>
      lines.find((l) => l.range![0] <= point && point <= l.range![1])?.conn ?? ConnSet.NONE;
    let pending: { start: bigint; end: bigint; base: ConnSet; head: ConnSet } | undefined;
    const flush = () => {
      if (!pending) return;
      for (const [s, e] of splitFamilies(pending.start, pending.end)) {
        const name = formatRange(s, e);
        const d = group.ipIsSrc
          ? entry(name, group.peer, pending.base, pending.head)
          : entry(group.peer, name, pending.base, pending.head);
        if (d) out.push(d);
      }
      pending = undefined;
    };
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i]!;
      const end = points[i + 1]! - 1n;
      const b = connAt(group.base, start);
      const h = connAt(group.head, start);
      if (pending && pending.end + 1n === start && pending.base.equals(b) && pending.head.equals(h)) pending.end = end;
      else {
        flush();
        pending = { start, end, base: b, head: h };
      }
    }
    flush();
  }
  return out.sort(compare);
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderDiff(entries: readonly DiffEntry[], format: MapFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        entries.map((e) => ({
          'diff-type': e.type,
          src: e.src,
          dst: e.dst,
          dir1: e.base.toString(),
          dir2: e.head.toString(),
          dir1Ports: e.base.toJSON(),
          dir2Ports: e.head.toJSON(),
        })),
        null,
        2,
      )}\n`;
    case 'csv':
      return `diff-type,source,destination,dir1,dir2\n${entries
        .map((e) => [e.type, e.src, e.dst, e.base.toString(), e.head.toString()].map(csvField).join(',') + '\n')
        .join('')}`;
    case 'md':
      return `| diff-type | source | destination | dir1 | dir2 |\n|-----------|--------|-------------|------|------|\n${entries
        .map((e) => `| ${e.type} | ${e.src} | ${e.dst} | ${e.base.toString()} | ${e.head.toString()} |\n`)
        .join('')}`;
    case 'dot': {
      const color = { added: 'darkseagreen', removed: 'red2', changed: 'magenta' } as const;
      const lines = entries.map(
        (e) =>
          `\t"${e.src}" -> "${e.dst}" [label="${e.type === 'removed' ? e.base.toString() : e.head.toString()}" color="${color[e.type]}" fontcolor="${color[e.type]}"]\n`,
      );
      return `digraph {\n${lines.join('')}}\n`;
    }
    case 'txt':
      return `Connectivity diff:\n${entries
        .map(
          (e) =>
            `diff-type: ${e.type}, source: ${e.src}, destination: ${e.dst}, dir1: ${e.base.toString()}, dir2: ${e.head.toString()}\n`,
        )
        .join('')}`;
  }
}
