/**
 * Exceptions: the config file's (check, object selector, justification, expiry) and the `chokepoint.io/ignore`
 * annotation on an object (`"CKP-101: the CNI needs it; CKP-203: BGP"`, entries separated by `;` or newlines).
 * A suppressed finding stays in the report, marked, and out of the --fail-on gate.
 */

import type { KubeObject, Workload } from '../inventory/types.js';
import type { Suppression } from '../report/model.js';
import type { ConfigException } from './config.js';
import { isWorkload } from './context.js';

export const IGNORE_ANNOTATION = 'chokepoint.io/ignore';

/** `*` matches any run of characters; everything else literally. */
export function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 's');
  return regex.test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Today as `YYYY-MM-DD` in UTC. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** An exception applies through its `expires` day, and stops the day after. */
export function isExpired(exception: ConfigException, now: Date): boolean {
  return exception.expires !== undefined && exception.expires < isoDay(now);
}

function labelsOf(target: Workload | KubeObject): Record<string, string> {
  if (isWorkload(target)) return { ...target.template.labels, ...(target.object?.labels ?? {}) };
  return target.labels;
}

export function exceptionMatches(
  exception: ConfigException,
  checkId: string,
  target: Workload | KubeObject,
  container: string | undefined,
): boolean {
  if (!exception.checks.some((pattern) => globMatches(pattern, checkId))) return false;
  if (exception.kind !== undefined && exception.kind.toLowerCase() !== target.kind.toLowerCase()) return false;
  const namespace = isWorkload(target) ? target.namespace : target.namespace;
  if (exception.namespace !== undefined && (namespace === undefined || !globMatches(exception.namespace, namespace))) {
    return false;
  }
  if (exception.name !== undefined && !globMatches(exception.name, target.name)) return false;
  if (exception.container !== undefined && (container === undefined || !globMatches(exception.container, container))) {
    return false;
  }
  if (exception.labels) {
    const labels = labelsOf(target);
    for (const [key, value] of Object.entries(exception.labels)) if (labels[key] !== value) return false;
  }
  return true;
}

export interface IgnoreEntry {
  checkId: string;
  justification: string;
}

export interface ParsedIgnore {
  entries: IgnoreEntry[];
  /** Entries that are not `CKP-nnn: reason`, verbatim (trimmed). */
  invalid: string[];
}

/** Parses a `chokepoint.io/ignore` value: `CKP-101: reason` entries separated by `;` or newlines. */
export function parseIgnoreAnnotation(value: string): ParsedIgnore {
  const entries: IgnoreEntry[] = [];
  const invalid: string[] = [];
  for (const part of value.split(/[;\n]/)) {
    const text = part.trim();
    if (text === '') continue;
    const match = /^(CKP-\d{3})\s*:\s*(\S.*)$/s.exec(text);
    if (match) entries.push({ checkId: match[1]!, justification: match[2]!.trim() });
    else invalid.push(text);
  }
  return { entries, invalid };
}

/** The ignore annotations that apply to a finding's target: the object's own and, for a workload, its pod template's. */
export function ignoreAnnotationsOf(target: Workload | KubeObject): { value: string; path: string }[] {
  const out: { value: string; path: string }[] = [];
  const object = isWorkload(target) ? target.object : target;
  const own = object?.annotations[IGNORE_ANNOTATION];
  if (own !== undefined) out.push({ value: own, path: `metadata.annotations["${IGNORE_ANNOTATION}"]` });
  if (isWorkload(target) && target.kind !== 'Pod') {
    const fromTemplate = target.template.annotations[IGNORE_ANNOTATION];
    if (fromTemplate !== undefined && fromTemplate !== own) {
      const templatePath = target.template.specPath.replace(/\.spec$/, '');
      out.push({ value: fromTemplate, path: `${templatePath}.metadata.annotations["${IGNORE_ANNOTATION}"]` });
    }
  }
  return out;
}

/** Finds the suppression for one finding: an annotation first (closest to the object), then the config file. */
export class Suppressor {
  private readonly annotationCache = new Map<Workload | KubeObject, IgnoreEntry[]>();

  constructor(
    private readonly exceptions: readonly ConfigException[],
    private readonly now: Date,
  ) {}

  suppression(checkId: string, target: Workload | KubeObject, container: string | undefined): Suppression | undefined {
    let entries = this.annotationCache.get(target);
    if (!entries) {
      entries = ignoreAnnotationsOf(target).flatMap(({ value }) => parseIgnoreAnnotation(value).entries);
      this.annotationCache.set(target, entries);
    }
    const byAnnotation = entries.find((e) => e.checkId === checkId);
    if (byAnnotation) return { by: 'annotation', justification: byAnnotation.justification };
    for (const exception of this.exceptions) {
      if (isExpired(exception, this.now)) continue;
      if (!exceptionMatches(exception, checkId, target, container)) continue;
      return {
        by: 'config',
        justification: exception.justification,
        ...(exception.expires !== undefined ? { expires: exception.expires } : {}),
      };
    }
    return undefined;
  }
}
