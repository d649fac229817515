import { parse as parseYaml } from 'yaml';
import { scoreCvss, parseSeverity, type CvssScore, type Severity } from './cvss.js';
import type { AttackVector } from './cvss.js';

/** The subset of the OSV schema (ossf/osv-schema, 1.0-1.7) that matching reads. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' | string;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type: string; url: string }[];
  database_specific?: Record<string, unknown>;
}

/** Parses one OSV record from JSON or YAML text (PyPA publishes YAML); throws a readable error otherwise. */
export function parseOsv(text: string, name: string): OsvRecord {
  const trimmed = text.trimStart();
  const value: unknown = trimmed.startsWith('{') ? JSON.parse(text) : parseYaml(text);
  if (!isRecord(value)) throw new Error(`${name}: not an OSV record (no string "id")`);
  return value;
}

function isRecord(v: unknown): v is OsvRecord {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}

/**
 * The name an ecosystem compares package names by: PyPI names are normalised as PEP 503 says, everything else is
 * taken as it is (npm and Go names are case-sensitive).
 */
export function normalizeName(ecosystemBase: string, name: string): string {
  const base = ecosystemBase.toLowerCase();
  if (base === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  return name;
}

/** `Debian:12` → `debian`. */
export function ecosystemBase(ecosystem: string): string {
  return ecosystem.split(':')[0]!.trim().toLowerCase();
}

const LABELS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
};

/** A severity word some databases use (GitHub's, Debian's urgency, Ubuntu's priority, Red Hat's impact). */
export function labelSeverity(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  return LABELS[word.toLowerCase().trim()] ?? parseSeverity(word);
}

export interface RecordSeverity {
  severity: Severity;
  score?: number;
  cvss: CvssScore[];
  attackVector?: AttackVector;
}

/**
 * The severity of a record or of one affected entry: from its CVSS vectors (scored; v4 preferred to v3 to v2 for
 * the label and the attack vector), else from the words databases use.
 */
export function severityOf(severities: OsvSeverity[] | undefined, ...labels: unknown[]): RecordSeverity {
  const cvss: CvssScore[] = [];
  for (const s of severities ?? []) {
    if (!s.type.startsWith('CVSS_')) continue;
    const scored = scoreCvss(s.score);
    if (scored) cvss.push(scored);
  }
  const order = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'];
  const preferred = [...cvss].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))[0];
  if (preferred) {
    const r: RecordSeverity = { severity: preferred.severity, score: Math.max(...cvss.map((c) => c.score)), cvss };
    if (preferred.attackVector) r.attackVector = preferred.attackVector;
    return r;
  }
  for (const s of severities ?? []) {
    const l = labelSeverity(s.score);
    if (l) return { severity: l, cvss };
  }
  for (const label of labels) {
    const l = labelSeverity(label);
    if (l) return { severity: l, cvss };
  }
  return { severity: 'unknown', cvss };
}
