import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readArchive } from './archive.js';
import { impliedObjects, NAMESPACE_NAME_LABEL } from './implied.js';
import { canonicalGroup } from './kinds.js';
import { knownScope } from './kinds.js';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.js';
import { crdScopes, describeObject, rawObjectsOf, sameName, toKubeObject, type RawObject } from './objects.js';
import { parseJsonFile } from './parse-json.js';
import { parseYamlFile } from './parse-yaml.js';
import { decodeText, readLimited, type ReadResult } from './read.js';
import { expandInput, isArchivePath } from './sources.js';
import type { InputError, InputSummary, Inventory, KubeObject, NodeInfo } from './types.js';
import { buildWorkloads, editedWorkloads } from './workloads.js';
import { nodeInfo } from './nodes.js';

export interface LoadProgress {
  files: number;
  bytes: number;
}

export interface LoadOptions {
  defaultNamespace?: string;
  limits?: Partial<LoadLimits>;
  /** Where `-` reads from; process.stdin by default. */
  stdin?: AsyncIterable<Buffer | string>;
  onProgress?: (progress: LoadProgress) => void;
}

/** JSON when the name says so; for stdin and unnamed extensions, JSON when the text opens with `{` or `[`. */
function looksLikeJson(display: string, text: string): boolean {
  const ext = path.extname(display).toLowerCase();
  if (ext === '.json') return true;
  if (ext === '.yaml' || ext === '.yml') return false;
  return /^\s*[{[]/.test(text);
}

/**
 * Loads everything the user named into one inventory: every object with its source, workloads expanded from their
 * controllers (or grouped from a dump's pods), implied namespaces and service accounts added, and every problem
 * with the input recorded in `errors` while the rest still loads.
 */
export async function loadInventory(paths: readonly string[], options: LoadOptions = {}): Promise<Inventory> {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const errors: InputError[] = [];
  const raws: RawObject[] = [];
  const filesPerInput = new Map<string, number>();
  const progress: LoadProgress = { files: 0, bytes: 0 };

  const parseFile = (display: string, input: string, bytes: Buffer): void => {
    progress.files++;
    progress.bytes += bytes.length;
    options.onProgress?.(progress);
    filesPerInput.set(input, (filesPerInput.get(input) ?? 0) + 1);
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      errors.push({ file: display, message: decoded.message });
      return;
    }
    const text = decoded.text;
    const parsed = looksLikeJson(display, text) ? parseJsonFile(text) : parseYamlFile(text, limits);
    raws.push(...rawObjectsOf(display, input, parsed, limits, errors));
  };

  for (const input of paths) {
    filesPerInput.set(input, 0);
    const candidates = await expandInput(input, errors);
    // Read the next file while this one is parsed, so that disk and CPU overlap on big dumps.
    const startRead = (i: number): Promise<ReadResult> | undefined => {
      const candidate = candidates[i];
      if (!candidate || (candidate.location !== '-' && isArchivePath(candidate.location))) return undefined;
      return readLimited(candidate.location, limits, options.stdin ?? process.stdin);
    };
    let next = startRead(0);
    for (const [i, candidate] of candidates.entries()) {
      const current = next;
      next = startRead(i + 1);
      if (!current) {
        await readArchive(
          candidate.location,
          candidate.display,
          limits,
          (file, bytes) => parseFile(file, input, bytes),
          errors,
        );
        continue;
      }
      const read = await current;
      if (read.ok) parseFile(candidate.display, input, read.bytes);
      else errors.push({ file: candidate.display, message: read.message });
    }
  }

  const scopes = crdScopes(raws);
  const objects = dedupe(
    raws.flatMap((raw) => {
      const result = toKubeObject(raw, scopes, defaultNamespace);
      if (!result.ok) errors.push(result.error);
      return result.ok ? [result.object] : [];
    }),
    errors,
  );
  const inputs = summarize(paths, objects, filesPerInput);
  return assemble(objects, errors, inputs, defaultNamespace);
}

/**
 * Everything derived from the objects read: implied objects, workloads, namespaces, nodes and kind counts. With
 * `edited`, the inventory these objects are an edit of: its workloads are reused where the edit allows.
 */
function assemble(
  objects: KubeObject[],
  errors: InputError[],
  inputs: InputSummary[],
  defaultNamespace: string,
  edited?: Inventory,
): Inventory {
  for (const object of objects) {
    if (object.kind === 'Namespace' && object.group === '') object.labels[NAMESPACE_NAME_LABEL] = object.name;
  }
  const all = [...objects, ...impliedObjects(objects)];
  const workloads = (edited && editedWorkloads(edited.workloads, edited.objects, all)) ?? buildWorkloads(all, errors);
  const unknownKinds: Record<string, number> = {};
  for (const object of objects) {
    if (!knownScope(object.group, object.kind)) unknownKinds[object.kind] = (unknownKinds[object.kind] ?? 0) + 1;
  }
  return {
    objects: all,
    workloads,
    namespaces: new Map(all.filter((o) => o.kind === 'Namespace' && o.group === '').map((o) => [o.name, o])),
    nodes: nodesOf(all, edited),
    errors: sortErrors(errors),
    inputs,
    unknownKinds,
    defaultNamespace,
  };
}

/** The nodes of `objects`: those of the `edited` inventory when its Node objects are these, unchanged. */
function nodesOf(objects: readonly KubeObject[], edited: Inventory | undefined): NodeInfo[] {
  const nodeObjects = objects.filter((o) => o.kind === 'Node' && o.group === '');
  const same =
    edited !== undefined &&
    edited.nodes.length === nodeObjects.length &&
    edited.nodes.every((n, i) => n.object === nodeObjects[i]);
  // The same array too: what is derived from the nodes (a workload's schedulable nodes) is then known unchanged.
  return same ? edited.nodes : nodeObjects.map(nodeInfo);
}

const rawOf = (o: KubeObject): RawObject => ({ value: o.raw, source: o.source, input: o.input });

/** The CustomResourceDefinitions among the objects, as read (they give custom kinds their scope). */
const crdsOf = (objects: readonly KubeObject[]): RawObject[] =>
  objects.filter((o) => o.raw['kind'] === 'CustomResourceDefinition').map(rawOf);

/**
 * The inventory the cluster would be after changing its objects: `objects` are the read (not implied) objects with
 * their `raw` edited, removed or added (a plan's patches and new objects). Identities are read again from `raw`, and
 * implied objects, workloads and nodes are derived anew; inputs and the original input errors are kept.
 */
export function rebuildInventory(inventory: Inventory, objects: readonly KubeObject[]): Inventory {
  const scopes = crdScopes(crdsOf(objects));
  // An object the changes left alone (the same instance, read from the input) reads the same, unless the
  // CustomResourceDefinitions that give kinds their scope changed: reused, not read again (100k-pod dumps: 1.9 s).
  const unchanged = new Set(inventory.objects);
  const sameScopes = isDeepStrictEqual(scopes, crdScopes(crdsOf(inventory.objects)));
  const errors: InputError[] = [];
  const rebuilt: KubeObject[] = [];
  for (const object of objects) {
    if (sameScopes && !object.implied && unchanged.has(object)) {
      rebuilt.push(object);
      continue;
    }
    const result = toKubeObject(rawOf(object), scopes, inventory.defaultNamespace);
    if (result.ok) rebuilt.push(result.object);
    else errors.push(result.error);
  }
  // Objects edited in place (each where its original was, with its identity) hold no duplicates: the input's did not.
  const inPlace =
    rebuilt.length === inventory.objects.length && rebuilt.every((o, i) => sameName(o, inventory.objects[i]!));
  const result = assemble(
    inPlace ? rebuilt : dedupe(rebuilt, errors),
    errors,
    inventory.inputs,
    inventory.defaultNamespace,
    inventory,
  );
  // Problems found again in unchanged objects are the original input errors, not new ones.
  const key = (e: InputError): string => JSON.stringify([e.file, e.line, e.object, e.message]);
  const known = new Set(inventory.errors.map(key));
  result.errors = sortErrors([...inventory.errors, ...result.errors.filter((e) => !known.has(key(e)))]);
  return result;
}

/**
 * Two objects with the same kind, namespace and name are one object in a cluster. As with `kubectl apply`, the copy
 * read last wins; the error names both places.
 */
function dedupe(objects: KubeObject[], errors: InputError[]): KubeObject[] {
  const index = new Map<string, number>();
  const out: KubeObject[] = [];
  for (const object of objects) {
    const key = `${canonicalGroup(object.group, object.kind)}/${object.kind}/${object.namespace ?? ''}/${object.name}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push(object);
      continue;
    }
    const earlier = out[at]!;
    errors.push({
      file: object.source.file,
      line: object.source.line,
      object: describeObject(object.kind, object.name, object.namespace),
      message: `duplicate object: also defined at ${earlier.source.file}:${earlier.source.line}; this later copy wins, as with kubectl apply`,
    });
    out[at] = object;
  }
  return out;
}

function summarize(
  paths: readonly string[],
  objects: readonly KubeObject[],
  files: Map<string, number>,
): InputSummary[] {
  return paths.map((source) => {
    const kinds: Record<string, number> = {};
    let count = 0;
    for (const object of objects) {
      if (object.input !== source) continue;
      count++;
      kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
    }
    return { source, objects: count, files: files.get(source) ?? 0, kinds };
  });
}

function sortErrors(errors: InputError[]): InputError[] {
  return errors
    .map((error, order) => ({ error, order }))
    .sort((a, b) =>
      a.error.file !== b.error.file
        ? a.error.file < b.error.file
          ? -1
          : 1
        : (a.error.line ?? 0) - (b.error.line ?? 0) || a.order - b.order,
    )
    .map(({ error }) => error);
}
