/** The terminal report: what `chokepoint scan` prints by default. */

import { alignColumns } from './columns.js';
import {
  activeFindings,
  formatScore,
  formatSteps,
  objectLabel,
  oneLine,
  planSummary,
  plural,
  sortFindings,
  totalsLine,
} from './common.js';
import { SEVERITIES, type Report, type Severity } from './model.js';

export interface TableOptions {
  /** Colour with ANSI escape codes; the caller decides (terminal, `--no-color`, `NO_COLOR`). */
  color: boolean;
}

// Plain SGR codes rather than node:util styleText: styleText is missing before Node 20.12 and, in later versions,
// checks the stream and NO_COLOR itself, while here the caller has already decided.
const RESET = '\u001b[0m';
const SGR = {
  bold: '\u001b[1m',
  red: '\u001b[31m',
  redBold: '\u001b[1;31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  grey: '\u001b[90m',
} as const;

/** Severity colours as Trivy prints them. */
const SEVERITY_STYLE: Record<Severity, keyof typeof SGR> = {
  critical: 'redBold',
  high: 'red',
  medium: 'yellow',
  low: 'blue',
  info: 'grey',
};

const INDENT = '  ';

export function renderTable(report: Report, options: TableOptions): string {
  const paint = (style: keyof typeof SGR, text: string): string => (options.color ? SGR[style] + text + RESET : text);
  const title = (text: string): string => paint('bold', text);
  const out: string[] = [];

  out.push(title(`${oneLine(report.tool.name)} ${oneLine(report.tool.version)}`), '');

  // Inputs and inventory.
  if (report.inputs.length === 0) {
    out.push('Inputs: none');
  } else {
    out.push(title(`Inputs (${report.inputs.length})`));
    const rows = [
      ['SOURCE', 'FILES', 'OBJECTS'],
      ...report.inputs.map((input) => [oneLine(input.source), String(input.files), String(input.objects)]),
    ];
    out.push(...alignColumns(rows, { indent: INDENT, alignRight: [1, 2] }));
  }
  const inv = report.inventory;
  out.push(
    `Inventory: ${plural(inv.objects, 'object')} (${inv.implied} implied), ${plural(inv.workloads, 'workload')}, ` +
      `${plural(inv.pods, 'pod')}, ${plural(inv.namespaces, 'namespace')}, ${plural(inv.nodes, 'node')}; ` +
      `graph ${plural(report.graph.nodes, 'node')}, ${plural(report.graph.edges, 'edge')}`,
  );
  const unknown = Object.entries(inv.unknownKinds).sort(([a], [b]) => a.localeCompare(b));
  if (unknown.length > 0) {
    const total = unknown.reduce((sum, [, count]) => sum + count, 0);
    const list = unknown.map(([kind, count]) => `${oneLine(kind)} ${count}`).join(', ');
    out.push(`Unknown kinds: ${plural(total, 'object')} of ${plural(unknown.length, 'kind')} (${list})`);
  }

  // Input errors, only when there are some.
  if (report.errors.length > 0) {
    out.push('', title(`Input errors (${report.errors.length})`));
    const rows = [
      ['SOURCE', 'OBJECT', 'MESSAGE'],
      ...report.errors.map((e) => [oneLine(e.source), oneLine(e.object ?? '-'), oneLine(e.message)]),
    ];
    out.push(...alignColumns(rows, { indent: INDENT }));
  }

  // Findings, worst first, one block per severity, columns aligned across blocks. Suppressed ones are only counted.
  out.push('');
  const active = activeFindings(report.findings);
  const suppressed = report.findings.length - active.length;
  if (active.length === 0) {
    out.push('No findings.');
  } else {
    out.push(title(`Findings (${active.length})`));
    const sorted = sortFindings(active);
    const rows = [
      ['SEVERITY', 'CHECK', 'OBJECT', 'CONTAINER', 'LOCATION', 'MESSAGE'],
      ...sorted.map((f) => [
        f.severity.toUpperCase(),
        oneLine(f.checkId),
        oneLine(objectLabel(f.object)),
        oneLine(f.container ?? '-'),
        oneLine(f.location ?? '-'),
        oneLine(f.message),
      ]),
    ];
    const lines = alignColumns(rows, {
      indent: INDENT,
      style: (row, column, padded) => {
        if (row === 0) return paint('bold', padded);
        const finding = sorted[row - 1]!;
        return column === 0 ? paint(SEVERITY_STYLE[finding.severity], padded) : padded;
      },
    });
    out.push(lines[0]!);
    let previous: Severity | undefined;
    sorted.forEach((finding, i) => {
      if (previous !== undefined && finding.severity !== previous) out.push('');
      previous = finding.severity;
      out.push(lines[i + 1]!);
    });
  }
  if (suppressed > 0) {
    out.push(
      `${suppressed} suppressed by exceptions (listed with their justification in the json, sarif, markdown and html formats)`,
    );
  }

  // Attack paths, one line each.
  out.push('');
  if (report.paths.length === 0) {
    out.push('Attack paths: none found');
  } else {
    out.push(title(`Attack paths (${report.paths.length})`));
    const rows = [
      ['SCORE', 'FROM -> TO', 'STEPS'],
      ...report.paths.map((p) => [
        formatScore(p.score),
        `${oneLine(p.source)} -> ${oneLine(p.target)}`,
        oneLine(formatSteps(p)),
      ]),
    ];
    out.push(
      ...alignColumns(rows, {
        indent: INDENT,
        alignRight: [0],
        style: (row, _column, padded) => (row === 0 ? paint('bold', padded) : padded),
      }),
    );
  }

  // The plan.
  out.push('');
  const plan = report.plan;
  if (plan.fixes.length === 0) {
    out.push('Plan: no fixes.');
  } else {
    out.push(title(`Plan: ${planSummary(plan)}`));
    const rows = [
      ['FIX', 'OBJECT', 'CUTS', 'COST', 'TECHNIQUES', 'PATCH'],
      ...plan.fixes.map((fix) => [
        oneLine(fix.id),
        oneLine(objectLabel(fix.object) || '-'),
        String(fix.cuts),
        String(fix.cost),
        oneLine(fix.techniques.join(', ') || '-'),
        oneLine(JSON.stringify(fix.patch)),
      ]),
    ];
    out.push(
      ...alignColumns(rows, {
        indent: INDENT,
        alignRight: [2, 3],
        style: (row, _column, padded) => (row === 0 ? paint('bold', padded) : padded),
      }),
    );
  }

  out.push('', totalsLine(report));
  // The worst severity colours the totals so a glance at the last line tells how bad it is.
  const worst = SEVERITIES.find((s) => active.some((f) => f.severity === s));
  if (worst && options.color) out[out.length - 1] = paint(SEVERITY_STYLE[worst], out[out.length - 1]!);
  return out.join('\n') + '\n';
}
