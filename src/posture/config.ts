/**
 * `.chokepoint.yaml` (or `--config FILE`): which checks run, at what severity and with which options, and the
 * exceptions that suppress findings. The file is validated against schemas/config.schema.json with ajv; each error
 * names the file and line. What is valid still applies: one bad exception does not drop the others.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import type { JsonValue } from '../inventory/json.js';
import type { InputError } from '../inventory/types.js';
import { SEVERITIES, type Severity } from '../report/model.js';
import { CHECKS } from './checks/index.js';

export const DEFAULT_CONFIG_FILES = ['.chokepoint.yaml', '.chokepoint.yml'];

export interface CheckSettings {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, JsonValue>;
}

export interface ConfigException {
  /** Check ids or patterns (`CKP-101`, `CKP-1*`, `*`). */
  checks: string[];
  kind?: string;
  namespace?: string;
  name?: string;
  container?: string;
  labels?: Record<string, string>;
  justification: string;
  /** Last day the exception applies, `YYYY-MM-DD`. */
  expires?: string;
  /** Where the exception is written, for the expired-exception finding. */
  file?: string;
  line?: number;
}

export interface PostureConfig {
  /** The file the config came from; undefined for the built-in default. */
  file?: string;
  checks: Record<string, CheckSettings>;
  exceptions: ConfigException[];
}

/** A problem with the config file, shaped like an input error so the scan can report it with the others. */
export type ConfigError = InputError;

export const DEFAULT_CONFIG: PostureConfig = { checks: {}, exceptions: [] };

const SCHEMA_URL = new URL('../../../schemas/config.schema.json', import.meta.url);

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true });
    // ajv-formats is a development dependency only; `date` is the one format the schema uses.
    ajv.addFormat('date', { type: 'string', validate: isIsoDate });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** `/exceptions/0/justification` → ['exceptions', 0, 'justification']. */
function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * The 1-based line of what `segments` names: the key's line when it is a key of a mapping (where a reader looks for
 * it), else the node's, else its nearest ancestor's.
 */
function lineOf(doc: Document, counter: LineCounter, segments: (string | number)[]): number | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const last = segments[n - 1];
    if (n > 0 && typeof last === 'string') {
      const parent: unknown = n === 1 ? doc.contents : doc.getIn(segments.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
        if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      }
    }
    const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the file' : error.instancePath.slice(1).replace(/\//g, '.');
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(error.params['additionalProperty'])}"`;
    case 'required':
      return `${at}: missing "${String(error.params['missingProperty'])}"`;
    case 'enum':
      return `${at}: must be one of ${((error.params['allowedValues'] as unknown[]) ?? []).join(', ')}`;
    case 'propertyNames':
      return `${at}: "${String(error.params['propertyName'])}" is not a check id (CKP- and three digits)`;
    case 'pattern':
      return at.endsWith('justification') ? `${at}: must not be blank` : `${at}: ${error.message ?? 'is invalid'}`;
    case 'format':
      return `${at}: must be a date written YYYY-MM-DD`;
    case 'anyOf':
      return `${at}: needs "check" or "checks"`;
    default:
      return `${at}: ${error.message ?? 'is invalid'}`;
  }
}

function checkPatternKnown(pattern: string): boolean {
  if (pattern === '*' || pattern.endsWith('*')) return true;
  return CHECKS.some((c) => c.id === pattern);
}

function toStringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Reads the config file: `file` when given (an error if it is missing), else `.chokepoint.yaml` in the current
 * folder when there is one, else the default (every check at its default, no exceptions).
 */
export function loadConfig(
  file: string | undefined,
  cwd = process.cwd(),
): { config: PostureConfig; errors: ConfigError[] } {
  let resolved = file;
  if (resolved === undefined) {
    resolved = DEFAULT_CONFIG_FILES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
    if (resolved === undefined) return { config: { checks: {}, exceptions: [] }, errors: [] };
  }
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      config: { checks: {}, exceptions: [] },
      errors: [{ file: resolved, message: `cannot read the config file${code ? ` (${code})` : ''}` }],
    };
  }
  return parseConfig(text, resolved);
}

/** Parses and validates config text; `file` names it in errors. */
export function parseConfig(text: string, file: string): { config: PostureConfig; errors: ConfigError[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const errors: ConfigError[] = [];
  const config: PostureConfig = { file, checks: {}, exceptions: [] };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      errors.push({ file, line: counter.linePos(error.pos[0]).line, message: `YAML: ${error.message.split('\n')[0]}` });
    }
    return { config, errors };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const schemaErrors = validate(value);
  // Which top-level entries are broken: they are left out, the rest applies.
  const badChecks = new Set<string>();
  const badExceptions = new Set<number>();
  let rootBroken = false;
  for (const error of schemaErrors) {
    const segments = pointerSegments(error.instancePath);
    // anyOf and propertyNames report their inner errors too; their own error says it once.
    if (error.keyword === 'required' && /\/anyOf\//.test(error.schemaPath)) continue;
    if (/\/propertyNames\//.test(error.schemaPath)) continue;
    const extra =
      error.keyword === 'additionalProperties' || error.keyword === 'propertyNames'
        ? [String(error.params['additionalProperty'] ?? error.params['propertyName'] ?? '')]
        : [];
    errors.push({ file, line: lineOf(doc, counter, [...segments, ...extra]), message: describe(error) });
    const at = error.keyword === 'propertyNames' ? [...segments, ...extra] : segments;
    if (at[0] === 'checks' && typeof at[1] === 'string') badChecks.add(at[1]);
    else if (at[0] === 'exceptions' && typeof at[1] === 'number') badExceptions.add(at[1]);
    else rootBroken = true;
  }
  if (rootBroken || typeof value !== 'object' || value === null || Array.isArray(value)) return { config, errors };
  const root = value as Record<string, unknown>;

  const checks = (root['checks'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [id, settings] of Object.entries(checks)) {
    if (badChecks.has(id)) continue;
    if (!checkPatternKnown(id)) {
      errors.push({ file, line: lineOf(doc, counter, ['checks', id]), message: `checks.${id}: no such check` });
      continue;
    }
    const out: CheckSettings = {};
    if (typeof settings['enabled'] === 'boolean') out.enabled = settings['enabled'];
    if (typeof settings['severity'] === 'string' && (SEVERITIES as readonly string[]).includes(settings['severity'])) {
      out.severity = settings['severity'] as Severity;
    }
    if (typeof settings['options'] === 'object' && settings['options'] !== null) {
      out.options = settings['options'] as Record<string, JsonValue>;
    }
    config.checks[id] = out;
  }

  const exceptions = (root['exceptions'] ?? []) as Record<string, unknown>[];
  exceptions.forEach((entry, i) => {
    if (badExceptions.has(i)) return;
    const line = lineOf(doc, counter, ['exceptions', i]);
    const patterns = [
      ...(typeof entry['check'] === 'string' ? [entry['check']] : []),
      ...(Array.isArray(entry['checks']) ? entry['checks'].filter((c): c is string => typeof c === 'string') : []),
    ];
    const unknown = patterns.filter((p) => !checkPatternKnown(p));
    if (unknown.length > 0) {
      errors.push({ file, line, message: `exceptions.${i}: no such check ${unknown.join(', ')}` });
      return;
    }
    if (typeof entry['expires'] === 'string' && !isIsoDate(entry['expires'])) {
      errors.push({ file, line, message: `exceptions.${i}.expires: ${entry['expires']} is not a calendar date` });
      return;
    }
    const exception: ConfigException = {
      checks: patterns,
      justification: String(entry['justification']).trim(),
      file,
      ...(line !== undefined ? { line } : {}),
    };
    for (const key of ['kind', 'namespace', 'name', 'container', 'expires'] as const) {
      if (typeof entry[key] === 'string') exception[key] = entry[key];
    }
    const labels = toStringMap(entry['labels']);
    if (labels) exception.labels = labels;
    config.exceptions.push(exception);
  });
  return { config, errors };
}
