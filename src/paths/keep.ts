/**
 * `keep:` in `.chokepoint.yaml`: what the plan must not change. The posture config (src/posture/config.ts) does not
 * read this section yet, so it is parsed here from the same file.
 *
 * ```yaml
 * keep:
 *   objects:       # never patch or delete these: Kind/namespace/name or Kind/name (cluster-scoped)
 *     - ServiceAccount/api/orders-api
 *   capabilities:  # steps that must stay possible: "FROM TECHNIQUE [TO]" or {from, technique, to}
 *     - ServiceAccount:api/orders-api IRSA_ASSUME_ROLE
 *   exposures:     # endpoints that must stay reachable: Endpoint ids, or namespace/service
 *     - Endpoint:web/shop:80
 * ```
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { FixOption, GraphEdge } from '../graph/model.js';
import type { StepEnds } from '../graph/steps.js';

export interface KeepObject {
  kind: string;
  namespace?: string;
  name: string;
}

export interface KeepCapability {
  from?: string;
  technique?: string;
  to?: string;
}

export interface KeepRules {
  objects: KeepObject[];
  capabilities: KeepCapability[];
  exposures: string[];
}

export const NO_KEEP: KeepRules = { objects: [], capabilities: [], exposures: [] };

function parseObject(value: unknown): KeepObject | undefined {
  if (typeof value === 'string') {
    const parts = value.split('/');
    if (parts.length === 2) return { kind: parts[0]!, name: parts[1]! };
    if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (typeof v['kind'] === 'string' && typeof v['name'] === 'string') {
      return {
        kind: v['kind'],
        name: v['name'],
        ...(typeof v['namespace'] === 'string' ? { namespace: v['namespace'] } : {}),
      };
    }
  }
  return undefined;
}

function parseCapability(value: unknown): KeepCapability | undefined {
  if (typeof value === 'string') {
    const words = value.trim().split(/\s+/);
    if (words.length === 1) return /^[A-Z][A-Z0-9_]*$/.test(words[0]!) ? { technique: words[0]! } : { from: words[0]! };
    return { from: words[0]!, technique: words[1]!, ...(words[2] ? { to: words[2] } : {}) };
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    const out: KeepCapability = {};
    if (typeof v['from'] === 'string') out.from = v['from'];
    if (typeof v['technique'] === 'string') out.technique = v['technique'];
    if (typeof v['to'] === 'string') out.to = v['to'];
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The rules of a parsed `keep:` value; entries that are not understood are listed in `errors`. */
export function parseKeep(value: unknown): { keep: KeepRules; errors: string[] } {
  const errors: string[] = [];
  const keep: KeepRules = { objects: [], capabilities: [], exposures: [] };
  if (value === undefined || value === null) return { keep, errors };
  if (typeof value !== 'object' || Array.isArray(value)) return { keep, errors: ['keep: must be a mapping'] };
  const v = value as Record<string, unknown>;
  for (const item of list(v['objects'])) {
    const parsed = parseObject(item);
    if (parsed) keep.objects.push(parsed);
    else errors.push(`keep.objects: cannot read ${JSON.stringify(item)} (write Kind/namespace/name)`);
  }
  for (const item of list(v['capabilities'])) {
    const parsed = parseCapability(item);
    if (parsed) keep.capabilities.push(parsed);
    else errors.push(`keep.capabilities: cannot read ${JSON.stringify(item)} (write "FROM TECHNIQUE [TO]")`);
  }
  for (const item of list(v['exposures'])) {
    if (typeof item === 'string') keep.exposures.push(item);
    else errors.push(`keep.exposures: cannot read ${JSON.stringify(item)} (write an Endpoint id or namespace/name)`);
  }
  for (const key of Object.keys(v)) {
    if (!['objects', 'capabilities', 'exposures'].includes(key)) errors.push(`keep: unknown field "${key}"`);
  }
  return { keep, errors };
}

/** Reads `keep:` from the config file (`file`, else `.chokepoint.yaml`/`.yml` in `cwd` when present). */
export function loadKeep(file: string | undefined, cwd = process.cwd()): { keep: KeepRules; errors: string[] } {
  const resolved =
    file ?? ['.chokepoint.yaml', '.chokepoint.yml'].map((n) => path.join(cwd, n)).find((p) => existsSync(p));
  if (resolved === undefined || !existsSync(resolved)) return { keep: NO_KEEP, errors: [] };
  let doc: unknown;
  try {
    doc = parse(readFileSync(resolved, 'utf8'));
  } catch (error) {
    return { keep: NO_KEEP, errors: [`${resolved}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const value = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['keep'] : undefined;
  const result = parseKeep(value);
  return { keep: result.keep, errors: result.errors.map((e) => `${resolved}: ${e}`) };
}

export function describeKeepObject(o: KeepObject): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

function describeCapability(c: KeepCapability): string {
  return [c.from ?? '*', c.technique ?? '*', c.to ?? '*'].join(' ');
}

function matchesExposure(exposure: string, node: string): boolean {
  if (node === exposure) return true;
  // namespace/name names every port of that Service or Ingress.
  return node.startsWith(`Endpoint:${exposure}:`);
}

/**
 * The keep rule that forbids `fix` on `edge`, described for the report, or undefined when it is allowed. A fix is
 * forbidden when it changes a kept object, or when it removes a kept capability or an edge into or out of a kept
 * exposure. `ends` are the workloads the edge stands for (graph/steps.ts stepEnds: a network-class hop stands for
 * many pairs; undefined matches any).
 */
export function keepBlocking(
  keep: KeepRules,
  edge: GraphEdge,
  fix: FixOption,
  ends: StepEnds = { from: new Set([edge.from]), to: new Set([edge.to]) },
): string | undefined {
  if (fix.object) {
    const target = fix.object;
    const object = keep.objects.find(
      (o) =>
        o.kind.toLowerCase() === target.kind.toLowerCase() &&
        o.name === target.name &&
        (o.namespace ?? '') === (target.namespace ?? ''),
    );
    if (object) return `object ${describeKeepObject(object)}`;
  }
  const capability = keep.capabilities.find(
    (c) =>
      (c.from === undefined || ends.from === undefined || ends.from.has(c.from)) &&
      (c.technique === undefined || c.technique === edge.technique) &&
      (c.to === undefined || ends.to === undefined || ends.to.has(c.to)),
  );
  if (capability) return `capability ${describeCapability(capability)}`;
  const exposure = keep.exposures.find((e) => matchesExposure(e, edge.to) || matchesExposure(e, edge.from));
  if (exposure) return `exposure ${exposure}`;
  return undefined;
}

export function isEmptyKeep(keep: KeepRules): boolean {
  return keep.objects.length === 0 && keep.capabilities.length === 0 && keep.exposures.length === 0;
}
