import type { ParsedFile } from './documents.js';
import {
  arrayField,
  isJsonObject,
  nestingDepth,
  objectField,
  stringField,
  stringMap,
  type JsonObject,
} from './json.js';
import { groupOf, knownScope, type Scope } from './kinds.js';
import type { LoadLimits } from './limits.js';
import type { InputError, KubeObject, OwnerReference, SourceLocation } from './types.js';

/** A mapping read from a document (or an item of a list document), not yet checked to be a Kubernetes object. */
export interface RawObject {
  value: JsonObject;
  source: SourceLocation;
  input: string;
}

/** Whether two objects name the same object of a cluster: kind, API group, namespace and name. */
export function sameName(a: KubeObject, b: KubeObject): boolean {
  return a === b || (a.kind === b.kind && a.group === b.group && a.namespace === b.namespace && a.name === b.name);
}

/** `Kind/namespace/name` (or `Kind/name` when cluster-scoped), for messages. */
export function describeObject(kind: string, name: string, namespace?: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Splits parsed documents into objects, expanding `List` and every `*List` kind into their items. */
export function rawObjectsOf(
  file: string,
  input: string,
  parsed: ParsedFile,
  limits: LoadLimits,
  errors: InputError[],
): RawObject[] {
  for (const error of parsed.errors) errors.push({ file, line: error.line, message: error.message });
  const out: RawObject[] = [];
  for (const doc of parsed.documents) {
    const source = { file, document: doc.index, line: doc.line };
    if (!isJsonObject(doc.value)) {
      errors.push({ file, line: doc.line, message: `document is ${shapeOf(doc.value)}, not a mapping; skipped` });
      continue;
    }
    if (nestingDepth(doc.value, limits.maxDepth) > limits.maxDepth) {
      errors.push({
        file,
        line: doc.line,
        message: `nested more than ${limits.maxDepth} levels deep; document skipped`,
      });
      continue;
    }
    const kind = stringField(doc.value, 'kind');
    if (kind?.endsWith('List') && 'items' in doc.value) {
      out.push(...listItems(doc.value, kind, source, doc.itemLines, input, errors));
    } else {
      out.push({ value: doc.value, source, input });
    }
  }
  return out;
}

function listItems(
  list: JsonObject,
  listKind: string,
  source: SourceLocation,
  itemLines: number[] | undefined,
  input: string,
  errors: InputError[],
): RawObject[] {
  const items = arrayField(list, 'items');
  if (!items) {
    errors.push({
      file: source.file,
      line: source.line,
      message: `${listKind} has \`items\` that is not a list; skipped`,
    });
    return [];
  }
  // A typed list (`PodList`) may leave kind and apiVersion off its items, as the API server's own responses do.
  const itemKind = listKind === 'List' ? undefined : listKind.slice(0, -'List'.length);
  const listApiVersion = stringField(list, 'apiVersion');
  const out: RawObject[] = [];
  items.forEach((item, i) => {
    const line = itemLines?.[i] ?? source.line;
    if (!isJsonObject(item)) {
      errors.push({
        file: source.file,
        line,
        message: `item ${i} of ${listKind} is ${shapeOf(item)}, not a mapping; skipped`,
      });
      return;
    }
    let value = item;
    if (itemKind && !('kind' in item)) value = { ...value, kind: itemKind };
    if (itemKind && listApiVersion && !('apiVersion' in item)) value = { ...value, apiVersion: listApiVersion };
    out.push({ value, source: { ...source, line }, input });
  });
  return out;
}

/** Scopes of the custom resources whose CustomResourceDefinitions are in the input, keyed `group/Kind`. */
export function crdScopes(raws: readonly RawObject[]): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const { value } of raws) {
    if (value['kind'] !== 'CustomResourceDefinition') continue;
    const spec = objectField(value, 'spec');
    const group = stringField(spec, 'group');
    const kind = stringField(objectField(spec, 'names'), 'kind');
    const scope = stringField(spec, 'scope');
    if (group && kind && (scope === 'Namespaced' || scope === 'Cluster')) scopes.set(`${group}/${kind}`, scope);
  }
  return scopes;
}

export type ObjectResult = { ok: true; object: KubeObject } | { ok: false; error: InputError };

/**
 * Checks that a mapping is a Kubernetes object and pulls out its identity. Namespaced objects without a namespace
 * go to `defaultNamespace`, as `kubectl apply -n` would put them; objects of unknown scope keep what they say.
 */
export function toKubeObject(raw: RawObject, scopes: Map<string, Scope>, defaultNamespace: string): ObjectResult {
  const { value, source } = raw;
  const apiVersion = stringField(value, 'apiVersion');
  const kind = stringField(value, 'kind');
  const metadata = objectField(value, 'metadata');
  const name = stringField(metadata, 'name');
  const writtenNamespace = stringField(metadata, 'namespace') || undefined;
  // A field that is there but not a string (`name: 123`) is named as such, not as missing.
  const problem = (field: string, value: unknown, ok: boolean, shape = 'a string'): string | undefined =>
    ok
      ? undefined
      : value === undefined || value === null || value === ''
        ? `missing ${field}`
        : `${field} is not ${shape}`;
  const problems = [
    problem('apiVersion', value['apiVersion'], Boolean(apiVersion)),
    problem('kind', value['kind'], Boolean(kind)),
    metadata
      ? problem('metadata.name', metadata['name'], Boolean(name))
      : problem('metadata', value['metadata'], false, 'a mapping'),
  ].filter((text): text is string => text !== undefined);
  if (problems.length > 0 || !apiVersion || !kind || !name) {
    const what = kind ? `${kind}${name ? `/${name}` : ''}` : undefined;
    const generated = stringField(metadata, 'generateName')
      ? ' (objects with only generateName cannot be applied)'
      : '';
    return {
      ok: false,
      error: {
        file: source.file,
        line: source.line,
        ...(what ? { object: what } : {}),
        message: `${problems.join(', ')}${generated}; object skipped`,
      },
    };
  }
  const group = groupOf(apiVersion);
  const scope =
    knownScope(group, kind) ?? scopes.get(`${group}/${kind}`) ?? (writtenNamespace ? 'Namespaced' : undefined);
  const namespace =
    scope === 'Namespaced'
      ? (writtenNamespace ?? defaultNamespace)
      : scope === 'Cluster'
        ? undefined
        : writtenNamespace;
  const uid = stringField(metadata, 'uid');
  const object: KubeObject = {
    apiVersion,
    group,
    kind,
    name,
    labels: stringMap(metadata, 'labels'),
    annotations: stringMap(metadata, 'annotations'),
    ownerReferences: ownerReferencesOf(metadata),
    raw: value,
    source,
    input: raw.input,
    implied: false,
  };
  if (namespace !== undefined) object.namespace = namespace;
  if (uid) object.uid = uid;
  return { ok: true, object };
}

function ownerReferencesOf(metadata: JsonObject | undefined): OwnerReference[] {
  const refs: OwnerReference[] = [];
  for (const entry of arrayField(metadata, 'ownerReferences') ?? []) {
    if (!isJsonObject(entry)) continue;
    const apiVersion = stringField(entry, 'apiVersion');
    const kind = stringField(entry, 'kind');
    const name = stringField(entry, 'name');
    if (!apiVersion || !kind || !name) continue;
    const ref: OwnerReference = { apiVersion, kind, name };
    const uid = stringField(entry, 'uid');
    if (uid) ref.uid = uid;
    if (entry['controller'] === true) ref.controller = true;
    refs.push(ref);
  }
  return refs;
}
