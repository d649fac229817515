/** JSON values as parsed from untrusted input. Nothing here is trusted to have the shape Kubernetes documents. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string at `key`, or undefined when it is missing or not a string. */
export function stringField(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The mapping at `key`, or undefined when it is missing or not a mapping. */
export function objectField(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isJsonObject(value) ? value : undefined;
}

/** The list at `key`, or undefined when it is missing or not a list. */
export function arrayField(obj: JsonObject | undefined, key: string): JsonValue[] | undefined {
  const value = obj?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** A string-to-string map (labels, annotations); entries whose values are not strings are left out. */
export function stringMap(obj: JsonObject | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = objectField(obj, key);
  if (!map) return out;
  for (const [k, v] of Object.entries(map)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The deepest nesting of lists and mappings in `value`, counted iteratively so that a hostile input cannot
 * overflow the stack while we measure it. Stops counting once `limit` is passed.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > limit) return max;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, d]);
  }
  return max;
}
