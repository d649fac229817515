import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { JsonObject, JsonValue } from '../../src/inventory/json.js';
import { isJsonObject } from '../../src/inventory/json.js';

/** The upstream golden files of the bootstrap policy, in the order the API server's reconciler creates them. */
export const BOOTSTRAP_FILES = [
  'cluster-roles.yaml',
  'cluster-role-bindings.yaml',
  'controller-roles.yaml',
  'controller-role-bindings.yaml',
  'namespace-roles.yaml',
  'namespace-role-bindings.yaml',
] as const;

/**
 * Left out of the embedded policy: version skew between the golden files (README.md of the conformance data). The
 * controller-role-bindings file is from a newer commit than controller-roles and binds a role the roles file does
 * not have; embedding it would report a dangling binding on every input.
 */
export const EXCLUDED = new Set(['ClusterRoleBinding/system:controller:podcheckpoint-controller']);

export interface BootstrapEntry {
  file: string;
  line: number;
  object: JsonObject;
}

function keep(object: JsonObject): JsonObject {
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
  const meta: JsonObject = {};
  for (const key of ['name', 'namespace', 'labels', 'annotations']) {
    const value = metadata[key];
    if (value !== undefined && value !== null) meta[key] = value;
  }
  const out: JsonObject = { apiVersion: object['apiVersion'] ?? '', kind: object['kind'] ?? '', metadata: meta };
  for (const key of ['aggregationRule', 'rules', 'roleRef', 'subjects']) {
    const value: JsonValue | undefined = object[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Reads the golden files into the entries the embedded policy holds (file, 1-based line of the item, object). */
export function readBootstrapFiles(dir: string): BootstrapEntry[] {
  const out: BootstrapEntry[] = [];
  for (const file of BOOTSTRAP_FILES) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const items = doc.get('items');
    if (!isSeq(items)) throw new Error(`${file}: no items`);
    for (const item of items.items) {
      if (!isMap(item)) continue;
      const object = item.toJSON() as JsonObject;
      const line = lineCounter.linePos(item.range![0]).line;
      const meta = object['metadata'] as JsonObject;
      if (EXCLUDED.has(`${String(object['kind'])}/${String(meta['name'])}`)) continue;
      out.push({ file, line, object: keep(object) });
    }
  }
  return out;
}
