/**
 * Where static credentials hide in an inventory: container env values, commands and args; ConfigMap data; Secret
 * data (base64-decoded) and stringData; annotations, with `kubectl.kubernetes.io/last-applied-configuration` parsed
 * and walked. Each credential becomes a fact (kind, object, field path, fingerprint), never its value.
 */

import { arrayField, isJsonObject, objectField, stringField, type JsonValue } from '../../inventory/json.js';
import type { KubeObject, Workload } from '../../inventory/types.js';
import type { ReportObjectRef } from '../../report/model.js';
import { refOf, type PostureIndex } from '../context.js';
import { detect, isSecretFlag, type CredentialKind, type Detection } from './detectors.js';
import { fingerprint } from './entropy.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

export type CredentialSource =
  'env' | 'command' | 'args' | 'configmap' | 'secret-data' | 'secret-stringData' | 'annotation' | 'last-applied';

/** One static credential, as the attack graph and the reports see it: never the value, nor a prefix of it. */
export interface CredentialFact {
  kind: CredentialKind;
  object: ReportObjectRef;
  /** JSON path of the field holding it; inside last-applied-configuration, `annotation:path/in/the/json`. */
  path: string;
  source: CredentialSource;
  container?: string;
  /** First 12 hex digits of the sha256 of the credential. */
  fingerprint: string;
  /** `file:line` of the object. */
  location: string;
  /**
   * Where it belongs: a TLS key in a kubernetes.io/tls Secret, registry credentials in a dockerconfigjson Secret,
   * the password of a basic-auth Secret, the key of an ssh-auth Secret, a bootstrap token. Facts, not findings.
   */
  expected: boolean;
  /** The name inside the value it was found under (`admin_password` in an ini file), when there is one. */
  innerKey?: string;
}

/** A fact and the inventory item it was found on. */
export interface LocatedCredential {
  fact: CredentialFact;
  target: Workload | KubeObject;
}

const SECRET_TYPES_EXPECTED: Record<string, (key: string) => boolean> = {
  'kubernetes.io/tls': (key) => key === 'tls.key',
  'kubernetes.io/dockerconfigjson': () => true,
  'kubernetes.io/dockercfg': () => true,
  'kubernetes.io/basic-auth': (key) => key === 'password',
  'kubernetes.io/ssh-auth': (key) => key === 'ssh-privatekey',
  'bootstrap.kubernetes.io/token': (key) => key === 'token-secret',
};

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A Secret's `data` value as text, or undefined when it is not base64 of UTF-8 text (keystores, gzip, ...). */
export function decodeSecretValue(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  try {
    const text = decoder.decode(Buffer.from(compact, 'base64'));
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

function quoteKey(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

class Collector {
  readonly out: LocatedCredential[] = [];

  add(
    target: Workload | KubeObject,
    detections: Detection[],
    base: { path: string; source: CredentialSource; container?: string; expected?: (d: Detection) => boolean },
  ): void {
    if (detections.length === 0) return;
    const object = refOf(target);
    const location = `${target.source.file}:${target.source.line}`;
    for (const detection of detections) {
      const fact: CredentialFact = {
        kind: detection.kind,
        object,
        path: base.path,
        source: base.source,
        fingerprint: fingerprint(detection.secret),
        location,
        expected: base.expected?.(detection) ?? false,
      };
      if (base.container !== undefined) fact.container = base.container;
      if (detection.innerKey !== undefined) fact.innerKey = detection.innerKey;
      this.out.push({ fact, target });
    }
  }
}

function scanWorkload(index: PostureIndex, workload: Workload, collector: Collector): void {
  for (const site of index.sites(workload)) {
    (arrayField(site.container.raw, 'env') ?? []).forEach((entry, i) => {
      if (!isJsonObject(entry)) return;
      const value = stringField(entry, 'value');
      if (value === undefined) return;
      const name = stringField(entry, 'name');
      collector.add(workload, detect(value, name), {
        path: `${site.path}.env[${i}].value`,
        source: 'env',
        container: site.name,
      });
    });
    for (const field of ['command', 'args'] as const) {
      const list = arrayField(site.container.raw, field) ?? [];
      list.forEach((arg, i) => {
        if (typeof arg !== 'string') return;
        const previous = list[i - 1];
        const flag = typeof previous === 'string' && isSecretFlag(previous) ? previous.replace(/^-+/, '') : undefined;
        collector.add(workload, detect(arg, flag), {
          path: `${site.path}.${field}[${i}]`,
          source: field,
          container: site.name,
        });
      });
    }
  }
  // A controller's pod template annotations (a Pod's own are scanned with every object's).
  if (workload.object && workload.kind !== 'Pod') {
    const templatePath = workload.template.specPath.replace(/\.spec$/, '');
    scanAnnotations(workload, workload.template.annotations, `${templatePath}.metadata.annotations`, collector);
  }
}

function scanAnnotations(
  target: Workload | KubeObject,
  annotations: Record<string, string>,
  basePath: string,
  collector: Collector,
): void {
  for (const [key, value] of Object.entries(annotations)) {
    const path = `${basePath}${quoteKey(key)}`;
    if (key === LAST_APPLIED) scanLastApplied(target, value, path, collector);
    else collector.add(target, detect(value, key), { path, source: 'annotation' });
  }
}

/** Walks the JSON of a last-applied-configuration: every string with the key it is stored under. */
function scanLastApplied(target: Workload | KubeObject, text: string, basePath: string, collector: Collector): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    collector.add(target, detect(text, LAST_APPLIED), { path: basePath, source: 'last-applied' });
    return;
  }
  const isSecret = isJsonObject(parsed) && parsed['kind'] === 'Secret';
  const visit = (value: JsonValue, path: string, key: string | undefined, depth: number): void => {
    if (depth > 64) return;
    if (typeof value === 'string') {
      const decoded = isSecret && /^data\.[^.]+$|^data\[/.test(path) ? decodeSecretValue(value) : undefined;
      collector.add(target, detect(decoded ?? value, key), { path: `${basePath}:${path}`, source: 'last-applied' });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, key, depth + 1));
      return;
    }
    if (isJsonObject(value)) {
      // An env var ({name, value}) is stored under its name, not under "value".
      const envName =
        typeof value['name'] === 'string' && typeof value['value'] === 'string' ? value['name'] : undefined;
      for (const [k, v] of Object.entries(value)) {
        const childPath =
          path === '' ? k : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}${quoteKey(k)}`;
        visit(v, childPath, k === 'value' && envName !== undefined ? envName : k, depth + 1);
      }
    }
  };
  if (isJsonObject(parsed) || Array.isArray(parsed)) visit(parsed as JsonValue, '', undefined, 0);
}

function scanObject(object: KubeObject, target: Workload | KubeObject, collector: Collector): void {
  scanAnnotations(target, object.annotations, 'metadata.annotations', collector);
  if (object.group !== '') return;
  if (object.kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(objectField(object.raw, 'data') ?? {})) {
      if (typeof value !== 'string') continue;
      collector.add(object, detect(value, key), { path: `data${quoteKey(key)}`, source: 'configmap' });
    }
    return;
  }
  if (object.kind !== 'Secret') return;
  const type = stringField(object.raw, 'type') ?? 'Opaque';
  // Legacy service-account token Secrets are CKP-606's finding, not leaked credentials.
  if (type === SERVICE_ACCOUNT_TOKEN_TYPE) return;
  const expectedFor = SECRET_TYPES_EXPECTED[type];
  for (const [field, source] of [
    ['data', 'secret-data'],
    ['stringData', 'secret-stringData'],
  ] as const) {
    for (const [key, value] of Object.entries(objectField(object.raw, field) ?? {})) {
      if (typeof value !== 'string') continue;
      const text = field === 'data' ? decodeSecretValue(value) : value;
      if (text === undefined) continue;
      collector.add(object, detect(text, key), {
        path: `${field}${quoteKey(key)}`,
        source,
        expected: () => expectedFor?.(key) ?? false,
      });
    }
  }
}

/**
 * Replica pods of a dump whose spec is not the one their workload shows: their annotations repeat the shown pod's,
 * so scanning them would report one credential once per replica.
 */
function replicaPods(index: PostureIndex): Set<KubeObject> {
  const skip = new Set<KubeObject>();
  for (const workload of index.inventory.workloads) {
    for (const pod of workload.pods) if (pod.template !== workload.template) skip.add(pod.object);
  }
  return skip;
}

const cache = new WeakMap<PostureIndex, LocatedCredential[]>();

/** Every static credential in the inventory, in a stable order (workloads, then objects in input order). */
export function locateCredentials(index: PostureIndex): LocatedCredential[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const collector = new Collector();
  for (const workload of index.inventory.workloads) scanWorkload(index, workload, collector);
  const skip = replicaPods(index);
  // A controller's own annotations belong to its workload, so that one credential in its env and in its
  // last-applied-configuration is known to be the same object's.
  const workloadOf = new Map<KubeObject, Workload>();
  for (const workload of index.inventory.workloads) if (workload.object) workloadOf.set(workload.object, workload);
  for (const object of index.inventory.objects) {
    if (object.implied || skip.has(object)) continue;
    scanObject(object, workloadOf.get(object) ?? object, collector);
  }
  cache.set(index, collector.out);
  return collector.out;
}
