import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { parse as parseYaml } from 'yaml';
import type { Match } from './types.js';

/**
 * Suppressions: an ignore file (each entry an id, an optional reason and an optional expiry; expired entries no
 * longer suppress) and OpenVEX documents (`not_affected` and `fixed` statements for a vulnerability and products
 * named by purl). Suppressed matches stay in the report, marked, and are left out of --fail-on.
 */
export interface IgnoreRule {
  id: string;
  reason?: string;
  /** ISO date (`2025-12-31`): the rule stops applying after that day. */
  expires?: string;
  /** Only these packages (purls, version optional); all when absent. */
  purls?: string[];
}

/**
 * Reads an ignore file: YAML (`vulnerabilities: [{id, reason|statement, expires|expired_at, purls}]`, as Trivy's
 * `.trivyignore.yaml`) or plain text, one `ID [exp:YYYY-MM-DD] [# reason]` a line (as `.trivyignore`).
 */
export function readIgnoreFile(file: string): IgnoreRule[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*vulnerabilities\s*:/m.test(text)) {
    const doc = parseYaml(text) as { vulnerabilities?: Record<string, unknown>[] } | null;
    return (doc?.vulnerabilities ?? []).flatMap((v) => {
      if (typeof v.id !== 'string') return [];
      const rule: IgnoreRule = { id: v.id };
      const reason = v.reason ?? v.statement;
      if (typeof reason === 'string') rule.reason = reason;
      const exp = v.expires ?? v.expired_at;
      if (typeof exp === 'string' || exp instanceof Date)
        rule.expires = String(exp instanceof Date ? exp.toISOString().slice(0, 10) : exp);
      if (Array.isArray(v.purls)) rule.purls = v.purls.filter((p): p is string => typeof p === 'string');
      return [rule];
    });
  }
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const reason = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!body) continue;
    const [id, ...rest] = body.split(/\s+/);
    const rule: IgnoreRule = { id: id! };
    for (const r of rest) if (r.startsWith('exp:')) rule.expires = r.slice(4);
    if (reason) rule.reason = reason;
    rules.push(rule);
  }
  return rules;
}

export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  products: string[];
  status: string;
  justification?: string;
  impact?: string;
}

/** Reads an OpenVEX document (v0.2.0; products and subcomponents named by purl or `@id`). */
export function readVex(file: string): VexStatement[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { statements?: Record<string, unknown>[] };
  const ids = (x: unknown): string[] => {
    if (typeof x === 'string') return [x];
    if (x && typeof x === 'object') {
      const o = x as { '@id'?: unknown; identifiers?: { purl?: unknown }; subcomponents?: unknown[] };
      const out: string[] = [];
      if (typeof o['@id'] === 'string') out.push(o['@id']);
      if (typeof o.identifiers?.purl === 'string') out.push(o.identifiers.purl);
      for (const s of o.subcomponents ?? []) out.push(...ids(s));
      return out;
    }
    return [];
  };
  return (doc.statements ?? []).flatMap((s) => {
    const v = s.vulnerability as { name?: unknown; '@id'?: unknown; aliases?: unknown } | string | undefined;
    const name =
      typeof v === 'string'
        ? v
        : typeof v?.name === 'string'
          ? v.name
          : typeof v?.['@id'] === 'string'
            ? v['@id']
            : undefined;
    if (!name || typeof s.status !== 'string') return [];
    const aliases =
      typeof v === 'object' && Array.isArray(v.aliases)
        ? v.aliases.filter((a): a is string => typeof a === 'string')
        : [];
    const st: VexStatement = {
      vulnerability: name,
      aliases,
      products: (Array.isArray(s.products) ? s.products : []).flatMap(ids),
      status: s.status,
    };
    if (typeof s.justification === 'string') st.justification = s.justification;
    if (typeof s.impact_statement === 'string') st.impact = s.impact_statement;
    return [st];
  });
}

/** Whether a purl pattern (version and qualifiers optional) names a package's purl. */
export function purlMatches(pattern: string, purl: string): boolean {
  try {
    const a = PackageURL.fromString(pattern);
    const b = PackageURL.fromString(purl);
    if (a.type !== b.type || (a.namespace ?? '') !== (b.namespace ?? '') || a.name !== b.name) return false;
    return !a.version || a.version === b.version;
  } catch {
    return false;
  }
}

function names(m: Match): string[] {
  return [m.vulnerability.id, ...m.vulnerability.aliases];
}

/** Marks matches covered by ignore rules (unexpired) and VEX statements; returns the rules that have expired. */
export function applySuppressions(
  matches: Match[],
  rules: IgnoreRule[],
  vex: VexStatement[],
  imageIds: string[],
  today = new Date().toISOString().slice(0, 10),
): { expired: IgnoreRule[] } {
  const expired = rules.filter((r) => r.expires !== undefined && r.expires < today);
  const active = rules.filter((r) => !(r.expires !== undefined && r.expires < today));
  for (const m of matches) {
    const ids = names(m);
    const rule = active.find(
      (r) => ids.includes(r.id) && (!r.purls || r.purls.some((p) => purlMatches(p, m.package.purl))),
    );
    if (rule) {
      m.suppressed = rule.reason ? { by: 'ignorefile', reason: rule.reason } : { by: 'ignorefile' };
      continue;
    }
    const st = vex.find(
      (s) =>
        (s.status === 'not_affected' || s.status === 'fixed') &&
        (ids.includes(s.vulnerability) || s.aliases.some((a) => ids.includes(a))) &&
        (s.products.length === 0 ||
          s.products.some((p) => imageIds.includes(p) || (p.startsWith('pkg:') && purlMatches(p, m.package.purl)))),
    );
    if (st) {
      const reason = [st.status, st.justification, st.impact].filter(Boolean).join(': ');
      m.suppressed = { by: 'vex', reason };
    }
  }
  return { expired };
}
