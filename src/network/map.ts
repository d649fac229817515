/**
 * The connectivity map as lines, in netpol-analyzer's notation (`src => dst : conns`, workloads as
 * `ns/name[Kind]`, external peers as address ranges), and its renderings: txt, json, csv, md, dot.
 */
import type { Exposure } from './exposure.js';
import { V4_SIZE, formatRange, splitFamilies } from './ip.js';
import { ConnSet, ConnTable } from './ports.js';
import { overlayAll, type Reachability, type RangeConn } from './reachability.js';

export const MAP_FORMATS = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];

/** The peer name of the Internet in exposure lines (DESIGN.md §4 node id). */
export const INTERNET_PEER = 'Internet';

export type PeerKind = 'workload' | 'pod' | 'ip' | 'internet';

export interface MapLine {
  src: string;
  dst: string;
  srcKind: PeerKind;
  dstKind: PeerKind;
  /** Namespaces of workload and pod peers (for grouping in dot). */
  srcNamespace?: string;
  dstNamespace?: string;
  conn: ConnSet;
  /** The address range of the `ip` side, if any. */
  range?: [bigint, bigint];
  /** For Internet lines: how the traffic gets in. */
  exposure?: Exposure;
}

export interface MapOptions {
  by?: 'workload' | 'pod';
  /** Workload indexes; only lines with a focus workload on either side. */
  focus?: ReadonlySet<number>;
  /** Internet exposure to add as `Internet => workload` lines. */
  exposure?: Exposure[];
}

function compareLines(a: MapLine, b: MapLine): number {
  return a.src < b.src ? -1 : a.src > b.src ? 1 : a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0;
}

function rangeNames(start: bigint, end: bigint): { name: string; range: [bigint, bigint] }[] {
  return splitFamilies(start, end).map(([s, e]) => ({ name: formatRange(s, e), range: [s, e] }));
}

/** Every connection of the map, sorted by source then destination. */
export function connectivityLines(reach: Reachability, options: MapOptions = {}): MapLine[] {
  const lines = options.by === 'pod' ? podLines(reach, options.focus) : workloadLines(reach, options.focus);
  for (const e of options.exposure ?? []) {
    if (options.focus && !options.focus.has(e.index)) continue;
    const wl = reach.workloads[e.index]!;
    if (options.by === 'pod') {
      for (const { endpoint, conns } of e.endpoints) {
        lines.push({
          src: INTERNET_PEER,
          dst: podName(reach, endpoint),
          srcKind: 'internet',
          dstKind: 'pod',
          dstNamespace: wl.namespace,
          conn: conns,
          exposure: e,
        });
      }
    } else {
      lines.push({
        src: INTERNET_PEER,
        dst: reach.workloadName(e.index),
        srcKind: 'internet',
        dstKind: 'workload',
        dstNamespace: wl.namespace,
        conn: e.conns,
        exposure: e,
      });
    }
  }
  return lines.sort(compareLines);
}

function workloadLines(reach: Reachability, focus: ReadonlySet<number> | undefined): MapLine[] {
  const lines: MapLine[] = [];
  const names = reach.workloads.map((_, w) => reach.workloadName(w));
  reach.forEachWorkloadPair((w1, w2, conn) => {
    lines.push({
      src: names[w1]!,
      dst: names[w2]!,
      srcKind: 'workload',
      dstKind: 'workload',
      srcNamespace: reach.workloads[w1]!.namespace,
      dstNamespace: reach.workloads[w2]!.namespace,
      conn: reach.conn(conn),
    });
  }, focus);
  reach.workloads.forEach((wl, w) => {
    if (focus && !focus.has(w)) return;
    for (const r of reach.egressRanges(w)) {
      for (const { name, range } of rangeNames(r.start, r.end)) {
        lines.push({
          src: names[w]!,
          dst: name,
          srcKind: 'workload',
          dstKind: 'ip',
          srcNamespace: wl.namespace,
          conn: reach.conn(r.conn),
          range,
        });
      }
    }
    for (const r of reach.ingressRanges(w)) {
      for (const { name, range } of rangeNames(r.start, r.end)) {
        lines.push({
          src: name,
          dst: names[w]!,
          srcKind: 'ip',
          dstKind: 'workload',
          dstNamespace: wl.namespace,
          conn: reach.conn(r.conn),
          range,
        });
      }
    }
  });
  return lines;
}

/** `ns/pod[Pod]` for a pod; a stand-in made from a template is named like its workload. */
export function podName(reach: Reachability, endpoint: number): string {
  const ep = reach.engine.endpoints.endpoints[endpoint]!;
  return ep.pod !== undefined ? `${ep.namespace}/${ep.pod}[Pod]` : reach.workloadName(ep.workload);
}

function podLines(reach: Reachability, focus: ReadonlySet<number> | undefined): MapLine[] {
  const engine = reach.engine;
  const eps = engine.endpoints.endpoints;
  const lines: MapLine[] = [];
  const names = eps.map((e) => podName(reach, e.index));
  const inFocus = (e: number) => !focus || focus.has(eps[e]!.workload);
  for (let a = 0; a < eps.length; a++) {
    for (let b = 0; b < eps.length; b++) {
      if (a === b || (!inFocus(a) && !inFocus(b))) continue;
      const conn = engine.endpointConn(a, b);
      if (conn === ConnTable.NONE) continue;
      lines.push({
        src: names[a]!,
        dst: names[b]!,
        srcKind: 'pod',
        dstKind: 'pod',
        srcNamespace: eps[a]!.namespace,
        dstNamespace: eps[b]!.namespace,
        conn: engine.conns.get(conn),
      });
    }
  }
  for (const ep of eps) {
    if (!inFocus(ep.index)) continue;
    const cls = engine.classOf[ep.index]!;
    const atoms = engine.atoms;
    const v6 = engine.hasV6Policies;
    const own = [...engine.nodeAddresses(ep.index)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const direction of ['egress', 'ingress'] as const) {
      let ranges: RangeConn[] = [];
      for (let a = 0; a < atoms.count; a++) {
        if (!v6 && atoms.isV6Atom(a)) break;
        const xc = engine.atomClass[a]!;
        const conn = ep.hostNetwork
          ? ConnTable.ALL
          : direction === 'egress'
            ? engine.egress(cls, xc)
            : engine.ingress(cls, xc);
        const last = ranges[ranges.length - 1];
        if (last && last.conn === conn && last.end + 1n === atoms.start(a) && atoms.start(a) !== V4_SIZE) {
          last.end = atoms.end(a);
        } else ranges.push({ start: atoms.start(a), end: atoms.end(a), conn });
      }
      if (own.length > 0) ranges = overlayAll(ranges, own);
      for (const r of ranges) {
        if (r.conn === ConnTable.NONE) continue;
        const conn = engine.conns.get(r.conn);
        for (const { name, range } of rangeNames(r.start, r.end)) {
          lines.push(
            direction === 'egress'
              ? {
                  src: names[ep.index]!,
                  dst: name,
                  srcKind: 'pod',
                  dstKind: 'ip',
                  srcNamespace: ep.namespace,
                  conn,
                  range,
                }
              : {
                  src: name,
                  dst: names[ep.index]!,
                  srcKind: 'ip',
                  dstKind: 'pod',
                  dstNamespace: ep.namespace,
                  conn,
                  range,
                },
          );
        }
      }
    }
  }
  return lines;
}

// ---- rendering ------------------------------------------------------------------------------------------------

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function mdField(value: string): string {
  return value.replace(/\|/g, '\\|');
}

/** The JSON form of one line: netpol-analyzer's `src`, `dst`, `conn`, plus structured ports. */
export function lineJson(line: MapLine): Record<string, unknown> {
  const out: Record<string, unknown> = {
    src: line.src,
    dst: line.dst,
    conn: line.conn.toString(),
    allConnections: line.conn.isAll(),
    ports: line.conn.toJSON(),
  };
  if (line.exposure) {
    out['paths'] = line.exposure.paths.map((p) => ({
      ...p,
      conns: undefined,
      conn: p.conns.toString(),
      ports: p.conns.toJSON(),
    }));
  }
  return out;
}

export function renderMap(lines: readonly MapLine[], format: MapFormat): string {
  switch (format) {
    case 'txt':
      return lines.map((l) => `${l.src} => ${l.dst} : ${l.conn.toString()}\n`).join('');
    case 'json':
      return `${JSON.stringify(lines.map(lineJson), null, 2)}\n`;
    case 'csv':
      return `src,dst,conn\n${lines.map((l) => `${csvField(l.src)},${csvField(l.dst)},${csvField(l.conn.toString())}\n`).join('')}`;
    case 'md':
      return `| src | dst | conn |\n|-----|-----|------|\n${lines
        .map((l) => `| ${mdField(l.src)} | ${mdField(l.dst)} | ${mdField(l.conn.toString())} |\n`)
        .join('')}`;
    case 'dot':
      return renderDot(lines);
  }
}

function dotId(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz: peers grouped by namespace, external peers in red, the Internet in red too. */
function renderDot(lines: readonly MapLine[]): string {
  const byNamespace = new Map<string, Set<string>>();
  const external = new Set<string>();
  const note = (name: string, kind: PeerKind, ns: string | undefined) => {
    if (kind === 'ip' || kind === 'internet') external.add(name);
    else {
      const set = byNamespace.get(ns ?? '') ?? new Set<string>();
      set.add(name);
      byNamespace.set(ns ?? '', set);
    }
  };
  for (const l of lines) {
    note(l.src, l.srcKind, l.srcNamespace);
    note(l.dst, l.dstKind, l.dstNamespace);
  }
  let out = 'digraph {\n';
  for (const [ns, peers] of [...byNamespace].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out += `\tsubgraph ${dotId(`cluster_${ns}`)} {\n`;
    for (const p of [...peers].sort()) {
      const label = p.startsWith(`${ns}/`) ? p.slice(ns.length + 1) : p;
      out += `\t\t${dotId(p)} [label=${dotId(label)} color="blue" fontcolor="blue"]\n`;
    }
    out += `\t\tlabel=${dotId(ns)}\n\t}\n`;
  }
  for (const p of [...external].sort()) out += `\t${dotId(p)} [label=${dotId(p)} color="red2" fontcolor="red2"]\n`;
  for (const l of lines) {
    out += `\t${dotId(l.src)} -> ${dotId(l.dst)} [label=${dotId(l.conn.toString())} color="gold2" fontcolor="darkgreen"]\n`;
  }
  return `${out}}\n`;
}
