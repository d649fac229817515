/**
 * Strategic-merge patches (what `kubectl patch --type strategic` applies) for the fixes findings propose. Lists of
 * containers, volumes, ports and webhooks merge by their key (`name`, `port`), so a patch names only what changes.
 */

import type { JsonObject, JsonValue } from '../inventory/json.js';
import type { ReportObjectRef } from '../report/model.js';

/** Wraps `value` at a dotted path: `nest('spec.template.spec', v)` → `{ spec: { template: { spec: v } } }`. */
export function nest(path: string, value: JsonValue): JsonObject {
  const keys = path.split('.').filter(Boolean);
  let out: JsonValue = value;
  for (let i = keys.length - 1; i >= 0; i--) out = { [keys[i]!]: out };
  return (typeof out === 'object' && out !== null && !Array.isArray(out) ? out : {}) as JsonObject;
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `kubectl patch deployment web -n shop --type strategic -p '{...}'` for a patch of the object. */
export function kubectlPatch(ref: ReportObjectRef, patch: JsonObject): string {
  const namespace = ref.namespace ? ` -n ${ref.namespace}` : '';
  return `kubectl patch ${ref.kind.toLowerCase()} ${ref.name}${namespace} --type strategic -p ${shellQuote(JSON.stringify(patch))}`;
}

/** `kubectl delete secret token -n shop` */
export function kubectlDelete(ref: ReportObjectRef): string {
  const namespace = ref.namespace ? ` -n ${ref.namespace}` : '';
  return `kubectl delete ${ref.kind.toLowerCase()} ${ref.name}${namespace}`;
}
