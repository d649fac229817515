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
  if (typeof value !== 'object' || value === null) return 0;
  // Two parallel stacks instead of one of tuples: this runs over every object of a 100k-pod dump.
  const nodes: object[] = [value];
  const depths: number[] = [1];
  let max = 1;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        const child = record[key];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return max;
}
