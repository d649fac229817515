import { isJsonObject, type JsonObject, type JsonValue } from '../../inventory/json.js';
import type { PodSpec } from './types.js';

/*
 * Helpers shared by the checks, ported from k8s.io/pod-security-admission/policy/helpers.go and visitor.go, plus the
 * few Go behaviours the upstream messages depend on (%q quoting, sorted string sets). Fields are read the way Go
 * decodes them into typed structs: a missing or null field is the zero value, a pointer left nil.
 */

/** `"a", "b"` (upstream joinQuote). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Go's byte-wise string order (UTF-8 byte order is code point order, which differs from UTF-16 above U+FFFF). */
export function goCompare(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** The sorted, de-duplicated list a Go `sets.String` gives from `List()`. */
export function setList(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(goCompare);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's `%q` for a string (strconv.Quote): printable runes as they are, the rest escaped. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const escaped = ESCAPES[ch];
    if (escaped) {
      out += escaped;
      continue;
    }
    if (PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    const code = ch.codePointAt(0)!;
    // A lone surrogate cannot be encoded as UTF-8; Go would see the replacement character.
    if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** The mapping at `key`, or undefined (Go: a nil pointer) when missing, null or not a mapping. */
export function obj(holder: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = holder?.[key];
  return isJsonObject(value) ? value : undefined;
}

/** The list at `key`; missing, null or not a list is an empty list (Go: a nil slice). */
export function list(holder: JsonObject | undefined, key: string): JsonValue[] {
  const value = holder?.[key];
  return Array.isArray(value) ? value : [];
}

/** True when the field is present and not null (Go: a non-nil pointer). */
export function isSet(holder: JsonObject | undefined, key: string): boolean {
  const value = holder?.[key];
  return value !== undefined && value !== null;
}

/** A string field as Go decodes it: missing or null is "". */
export function str(holder: JsonObject | undefined, key: string): string {
  const value = holder?.[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The strings of a list field (capabilities, ...); entries that are not strings are skipped. */
export function strings(holder: JsonObject | undefined, key: string): string[] {
  return list(holder, key).filter((v): v is string => typeof v === 'string');
}

/** An integer field as Go decodes it: missing, null or not a number is 0. */
export function int(holder: JsonObject | undefined, key: string): number {
  const value = holder?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A *bool field: undefined when nil (missing or null), else whether it is true. */
export function optBool(holder: JsonObject | undefined, key: string): boolean | undefined {
  const value = holder?.[key];
  if (value === undefined || value === null) return undefined;
  return value === true;
}

/** A container as the checks see it: its name and its securityContext (undefined when nil). */
export interface ContainerRef {
  name: string;
  raw: JsonObject;
  securityContext: JsonObject | undefined;
}

/** Every container, init container and ephemeral container of the pod, in upstream's order (visitContainers). */
export function containers(spec: PodSpec): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const entry of list(spec, key)) {
      if (!isJsonObject(entry)) continue;
      out.push({ name: str(entry, 'name'), raw: entry, securityContext: obj(entry, 'securityContext') });
    }
  }
  return out;
}

/** The pod-level securityContext, or undefined when nil. */
export function podSecurityContext(spec: PodSpec): JsonObject | undefined {
  return obj(spec, 'securityContext');
}

/** `spec.os.name == "windows"`: the pod exemptions added in policy v1.25. */
export function isWindowsPod(spec: PodSpec): boolean {
  return str(obj(spec, 'os'), 'name') === 'windows';
}

/** `spec.hostUsers == false`: a user-namespace pod, which policy v1.35 relaxes some checks for (KEP-127). */
export function relaxForUserNamespacePod(spec: PodSpec): boolean {
  return optBool(spec, 'hostUsers') === false;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

export const ALLOWED = { allowed: true } as const;

export function forbidden(reason: string, detail: string): { allowed: false; reason: string; detail: string } {
  return { allowed: false, reason, detail };
}
