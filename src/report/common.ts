/** Helpers shared by the report writers: labels, counts and the parsing of locations and node ids. */

import {
  SEVERITIES,
  type AttackPath,
  type Plan,
  type Finding,
  type Report,
  type ReportObjectRef,
  type Severity,
} from './model.js';

/** `Kind/ns/name` for a namespaced object, `Kind/name` for a cluster-scoped one. */
export function objectLabel(ref: ReportObjectRef | Record<string, never>): string {
  if (!('kind' in ref)) return '';
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export interface ParsedLocation {
  file: string;
  /** 1-based; absent when the location names a file alone. */
  line?: number;
}

/**
 * Splits `file:line` into its parts. A file path may itself contain colons (`C:\x.yaml`, `a:b/c.yaml`), so only a
 * final `:<digits>` is taken as the line.
 */
export function parseLocation(location: string): ParsedLocation {
  const match = /^(.+):(\d+)$/s.exec(location);
  if (!match) return { file: location };
  const line = Number(match[2]);
  // A line of 0 (or past what a number holds) is no line SARIF or an editor can use: keep the file alone.
  return line >= 1 && Number.isSafeInteger(line) ? { file: match[1]!, line } : { file: match[1]! };
}

/** Findings ordered worst first; the order within one severity is the report's. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return SEVERITIES.flatMap((severity) => findings.filter((f) => f.severity === severity));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The findings no exception covers: the ones the lists, counts and gates show. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** The findings an exception covers: shown apart, out of the counts. */
export function suppressedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressed);
}

/** `config exception until 2026-12-31` / `chokepoint.io/ignore annotation` */
export function suppressionSource(finding: Finding): string {
  const suppression = finding.suppressed;
  if (!suppression) return '';
  const by = suppression.by === 'config' ? 'config exception' : 'chokepoint.io/ignore annotation';
  return suppression.expires ? `${by} until ${suppression.expires}` : by;
}

/**
 * `5 findings (1 critical, 4 high), 1 attack path, 2 input errors`; suppressed findings are left out of the count
 * and named after it (`, 3 suppressed`) when there are some.
 */
export function totalsLine(report: Report): string {
  const active = activeFindings(report.findings);
  const counts = countBySeverity(active);
  const bySeverity = SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const suppressed = report.findings.length - active.length;
  const findings =
    plural(active.length, 'finding') +
    (bySeverity ? ` (${bySeverity})` : '') +
    (suppressed > 0 ? `, ${suppressed} suppressed` : '');
  return `${findings}, ${plural(report.paths.length, 'attack path')}, ${plural(report.errors.length, 'input error')}`;
}

/** A path score as people read it: at most two decimals. */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? String(Math.round(score * 100) / 100) : String(score);
}

/** `A -[TECHNIQUE]-> B -[TECHNIQUE]-> C`; a step that does not start where the last one ended starts a new chain. */
export function formatSteps(path: AttackPath): string {
  let text = '';
  let at: string | undefined;
  for (const step of path.steps) {
    if (step.from !== at) text += (text ? ', ' : '') + step.from;
    text += ` -[${step.technique}]-> ${step.to}`;
    at = step.to;
  }
  return text;
}

/** `SEVERITY` as the table and headings print it. */
export function severityTitle(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

export interface NodeObject {
  /** Kinds the node may stand for, most likely first (an endpoint is a Service or an Ingress). */
  kinds: string[];
  namespace?: string;
  name: string;
}

/**
 * The Kubernetes object behind a graph node id (DESIGN.md §4), or undefined for nodes that are no object
 * (`Internet`, `ClusterAdmin`, `Node:*`, users, groups, cloud identities).
 */
export function nodeObject(nodeId: string): NodeObject | undefined {
  const colon = nodeId.indexOf(':');
  if (colon < 0) return undefined;
  const type = nodeId.slice(0, colon);
  const parts = nodeId.slice(colon + 1).split('/');
  switch (type) {
    case 'Workload':
    case 'Container':
      if (parts.length < 3 || !parts[1] || !parts[2]) return undefined;
      return { kinds: [parts[1]], namespace: parts[0]!, name: parts[2] };
    case 'ServiceAccount':
    case 'Secret':
      if (parts.length !== 2 || !parts[1]) return undefined;
      return { kinds: [type], namespace: parts[0]!, name: parts[1] };
    case 'Endpoint': {
      if (parts.length !== 2 || !parts[1]) return undefined;
      const name = parts[1].replace(/:[^:]*$/, '');
      return { kinds: ['Service', 'Ingress'], namespace: parts[0]!, name };
    }
    case 'Node':
      return parts.length === 1 && parts[0] && parts[0] !== '*' ? { kinds: ['Node'], name: parts[0] } : undefined;
    default:
      return undefined;
  }
}

/** `Kind/ns/name` labels of a node's possible objects, in the same order as `nodeObject(...).kinds`. */
export function nodeObjectLabels(nodeId: string): string[] {
  const object = nodeObject(nodeId);
  if (!object) return [];
  return object.kinds.map((kind) =>
    object.namespace ? `${kind}/${object.namespace}/${object.name}` : `${kind}/${object.name}`,
  );
}

/** Replaces control characters (terminal escapes, newlines) in user-derived text so one value stays one line. */
export function oneLine(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n|[\n\r\t]/g, ' ')) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** `2 fixes take attack paths from 5 to 0` (`, 1 kept` when the plan keeps some). */
export function planSummary(plan: Plan): string {
  const n = plan.fixes.length;
  const kept = plan.kept.length > 0 ? `, ${plan.kept.length} kept` : '';
  return `${plural(n, 'fix', 'fixes')} ${n === 1 ? 'takes' : 'take'} attack paths from ${plan.pathsBefore} to ${plan.pathsAfter}${kept}`;
}
