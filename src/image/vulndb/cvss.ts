import cvssLib from 'ae-cvss-calculator';

/** Severity labels, most severe first; `unknown` when a record gives neither a CVSS vector nor a label. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AttackVector = 'network' | 'adjacent' | 'local' | 'physical';

export interface CvssScore {
  /** `CVSS_V2`, `CVSS_V3` or `CVSS_V4`, as in OSV's `severity[].type`. */
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4';
  vector: string;
  /** The base score, 0.0 to 10.0, as the FIRST specification of that version computes it. */
  score: number;
  severity: Severity;
  attackVector?: AttackVector;
}

/** Rank of a severity for thresholds: critical 4 ... low 1, unknown 0. */
export function severityRank(s: Severity): number {
  return s === 'unknown' ? 0 : 4 - SEVERITIES.indexOf(s);
}

export function parseSeverity(s: string): Severity | undefined {
  const l = s.toLowerCase();
  return (SEVERITIES as readonly string[]).includes(l) ? (l as Severity) : undefined;
}

/** The qualitative rating of a base score (v3.x and v4.0 share the scale; v2 has no `critical`). */
export function ratingOf(score: number, v2 = false): Severity {
  if (v2) return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'low';
}

const AV: Record<string, AttackVector> = { N: 'network', A: 'adjacent', L: 'local', P: 'physical' };

/** The attack vector (`AV:`) metric of a CVSS vector of any version. */
export function attackVectorOf(vector: string): AttackVector | undefined {
  const m = /(?:^|\/)AV:([NALP])(?:\/|$)/.exec(vector);
  return m ? AV[m[1]!] : undefined;
}

/**
 * Scores a CVSS vector: v2 (`AV:N/AC:L/...`), v3.0/v3.1 (`CVSS:3.x/...`) and v4.0 (`CVSS:4.0/...`). The arithmetic
 * is ae-cvss-calculator's (a maintained implementation of the FIRST specifications, checked in our tests against the
 * specifications' own examples). Returns undefined for a vector that is not valid.
 */
export function scoreCvss(vector: string): CvssScore | undefined {
  // databases repeat the same few thousand vectors: score each once
  if (cache.has(vector)) return cache.get(vector);
  const scored = computeScore(vector.trim());
  if (cache.size > 50_000) cache.clear();
  cache.set(vector, scored);
  return scored;
}

const cache = new Map<string, CvssScore | undefined>();

function computeScore(v: string): CvssScore | undefined {
  try {
    if (v.startsWith('CVSS:4.0/')) {
      const c = new cvssLib.Cvss4P0(v);
      return done('CVSS_V4', v, c.calculateScores().base, false);
    }
    if (v.startsWith('CVSS:3.1/')) {
      const c = new cvssLib.Cvss3P1(v);
      return done('CVSS_V3', v, c.calculateScores().base, false);
    }
    if (v.startsWith('CVSS:3.0/')) {
      const c = new cvssLib.Cvss3P0(v);
      return done('CVSS_V3', v, c.calculateScores().base, false);
    }
    if (/^\(?AV:[NAL]\//.test(v)) {
      const c = new cvssLib.Cvss2(v.replace(/^\(|\)$/g, ''));
      return done('CVSS_V2', v, c.calculateScores().base, true);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function done(type: CvssScore['type'], vector: string, base: number | undefined, v2: boolean): CvssScore | undefined {
  if (typeof base !== 'number' || !Number.isFinite(base)) return undefined;
  // every base metric must be present: the library scores partial vectors as if defaults were given
  const required = type === 'CVSS_V4' ? REQUIRED_V4 : type === 'CVSS_V3' ? REQUIRED_V3 : REQUIRED_V2;
  const metrics = new Set(vector.split('/').map((p) => p.split(':')[0]));
  if (!required.every((m) => metrics.has(m))) return undefined;
  const score: CvssScore = { type, vector, score: base, severity: ratingOf(base, v2) };
  const av = attackVectorOf(vector);
  if (av) score.attackVector = av;
  return score;
}

const REQUIRED_V2 = ['AV', 'AC', 'Au', 'C', 'I', 'A'];
const REQUIRED_V3 = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];
const REQUIRED_V4 = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
