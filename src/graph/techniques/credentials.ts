/**
 * Static credentials of known identities (src/posture/secrets/identities.ts) and who holds them: the Secrets and
 * ConfigMaps that store them, and the workloads that get them (a literal env value, an env var or envFrom of the
 * Secret/ConfigMap, a mounted secret/configMap/projected volume). Shared by STATIC_CREDENTIAL and SECRET_READ.
 */

import { arrayField, isJsonObject, objectField, stringField, type JsonObject } from '../../inventory/json.js';
import type { KubeObject } from '../../inventory/types.js';
import { heldCredentials, type HeldCredential } from '../../posture/secrets/identities.js';
import { decodeSecretValue, SERVICE_ACCOUNT_TOKEN_TYPE } from '../../posture/secrets/scan.js';
import type { TechniqueContext, WorkloadInfo } from '../context.js';
import { COST, combine, fixRemoveVolume, objectRef, podSpecPatch } from '../fixes.js';
import type { FixOption } from '../model.js';
import { where } from './helpers.js';

/** One way a credential is held, with the alternatives that each end this way. */
export interface Route {
  credential: HeldCredential;
  /** For people: `file:line Kind ns/name` and the field. */
  where: string;
  fixes: FixOption[];
}

/** The identity a credential alone names (graph node ids); AWS keys need both halves, see `identitiesOf`. */
function direct(ctx: TechniqueContext, c: HeldCredential): string[] {
  if (c.kind === 'service-account-token') {
    const id = `ServiceAccount:${c.namespace}/${c.name}`;
    // A token of an account the input does not know may be another cluster's, or a deleted account's.
    return ctx.serviceAccounts.has(id) || ctx.rbac.index.subject(id) ? [id] : [];
  }
  if (c.kind === 'client-certificate') return [`User:${c.user}`, ...c.groups.map((g) => `Group:${g}`)];
  return [];
}

export const awsIdentity = (keyIdFingerprint: string): string => `CloudIdentity:aws:access-key/${keyIdFingerprint}`;

/**
 * The identities a set of routes gives, each with the routes it rests on: removing all of those removes it. An AWS
 * access key needs its ID and a secret access key; the ID names it, and its routes are the ID's.
 */
export function identitiesOf(ctx: TechniqueContext, routes: readonly Route[]): Map<string, Route[]> {
  const out = new Map<string, Route[]>();
  const add = (id: string, r: Route): void => {
    const list = out.get(id) ?? [];
    if (!list.includes(r)) list.push(r);
    out.set(id, list);
  };
  const hasSecret = routes.some((r) => r.credential.kind === 'aws-secret-access-key');
  for (const r of routes) {
    for (const id of direct(ctx, r.credential)) add(id, r);
    if (r.credential.kind === 'aws-access-key-id' && hasSecret) add(awsIdentity(r.credential.fingerprint), r);
  }
  return out;
}

/** The fixes of a set of routes: each route's own when there is one, else one from each, needed together. */
export function routeFixes(routes: readonly Route[]): FixOption[] {
  if (routes.length === 1) return routes[0]!.fixes;
  const firsts = routes.map((r) => r.fixes[0]).filter((f): f is FixOption => f !== undefined);
  if (firsts.length < routes.length) return [];
  const unique = [...new Map(firsts.map((f) => [f.id, f])).values()];
  if (unique.length === 1) return unique;
  const objects = new Set(unique.map((f) => JSON.stringify(f.object ?? null)));
  if (objects.size === 1 && unique.every((f) => f.action === 'patch')) return [combine(unique)];
  return [
    {
      id: unique.map((f) => f.id).join('+'),
      title: unique.map((f) => f.title).join('; and '),
      cost: Math.min(
        1,
        unique.reduce((s, f) => s + f.cost, 0),
      ),
    },
  ];
}

interface StoredKey {
  key: string;
  credentials: HeldCredential[];
  fix: FixOption;
}

function removeKeyFix(o: KubeObject, key: string, fields: string[]): FixOption {
  const patch: Record<string, unknown> = {};
  for (const f of fields) patch[f] = { [key]: null };
  return {
    id: `${o.kind}/${o.namespace ?? ''}/${o.name}:${key}=removed`,
    title: `Remove key ${key} from ${o.kind} ${o.namespace}/${o.name} (${o.source.file}:${o.source.line}) and revoke the credential`,
    cost: COST.removeVolume,
    object: objectRef(o),
    patch,
    action: 'patch',
  };
}

/** By object: a plan's verification re-analyses a cluster whose Secrets and ConfigMaps are mostly the same objects. */
const storedMemo = new WeakMap<KubeObject, StoredKey[]>();

/** The keys of a Secret or ConfigMap that hold credentials of known identities. */
function storedKeys(o: KubeObject): StoredKey[] {
  let keys = storedMemo.get(o);
  if (!keys) storedMemo.set(o, (keys = findStoredKeys(o)));
  return keys;
}

function findStoredKeys(o: KubeObject): StoredKey[] {
  const values = new Map<string, { text: string; fields: string[] }>();
  const fields = o.kind === 'Secret' ? (['data', 'stringData'] as const) : (['data'] as const);
  for (const field of fields) {
    for (const [key, raw] of Object.entries(objectField(o.raw, field) ?? {})) {
      if (typeof raw !== 'string') continue;
      const text = field === 'data' && o.kind === 'Secret' ? decodeSecretValue(raw) : raw;
      if (text === undefined) continue;
      const cur = values.get(key);
      if (cur) cur.fields.push(field);
      else values.set(key, { text, fields: [field] });
    }
  }
  const out: StoredKey[] = [];
  for (const [key, { text, fields: present }] of values) {
    const credentials = heldCredentials(text, key);
    if (credentials.length > 0) out.push({ key, credentials, fix: removeKeyFix(o, key, present) });
  }
  return out;
}

export interface CredentialIndex {
  /** `Kind/ns/name` of each Secret and ConfigMap holding credentials → its keys. */
  stored: Map<string, { object: KubeObject; keys: StoredKey[] }>;
  /** Per workload id, the routes of the credentials it holds. */
  held: Map<string, Route[]>;
  /** Secret node id → identities (with the routes, i.e. keys, each rests on). */
  secrets: Map<string, Map<string, Route[]>>;
}

const memo = new WeakMap<TechniqueContext, CredentialIndex>();

export function credentialIndex(ctx: TechniqueContext): CredentialIndex {
  let index = memo.get(ctx);
  if (index) return index;
  index = { stored: new Map(), held: new Map(), secrets: new Map() };
  for (const o of ctx.inventory.objects) {
    if (o.group !== '' || !o.namespace || (o.kind !== 'Secret' && o.kind !== 'ConfigMap')) continue;
    // Legacy token Secrets are TOKEN_LIST's (read) and the account's own (mounted).
    if (o.kind === 'Secret' && stringField(o.raw, 'type') === SERVICE_ACCOUNT_TOKEN_TYPE) continue;
    const keys = storedKeys(o);
    if (keys.length === 0) continue;
    index.stored.set(`${o.kind}/${o.namespace}/${o.name}`, { object: o, keys });
    if (o.kind === 'Secret') {
      const routes = keys.flatMap((k) =>
        k.credentials.map((credential) => ({
          credential,
          where: `${o.source.file}:${o.source.line} Secret ${o.namespace}/${o.name} data[${k.key}]`,
          fixes: [k.fix],
        })),
      );
      const ids = identitiesOf(ctx, routes);
      if (ids.size > 0) index.secrets.set(`Secret:${o.namespace}/${o.name}`, ids);
    }
  }
  for (const wi of ctx.workloads) {
    const routes = routesOnce(wi, index);
    if (routes.length > 0) index.held.set(wi.id, routes);
  }
  memo.set(ctx, index);
  return index;
}

function envFix(wi: WorkloadInfo, list: string, container: string, name: string): FixOption {
  const ref = wi.ref ?? { apiVersion: '', kind: wi.workload.kind, namespace: wi.namespace, name: wi.workload.name };
  return {
    id: `${ref.kind}/${wi.namespace}/${ref.name}:containers/${container}/env/${name}=removed`,
    title: `Remove env ${name} from container ${container} of ${wi.id.slice(9)} (${wi.workload.source.file}:${wi.workload.source.line}) and revoke the credential`,
    cost: COST.removeVolume,
    object: ref,
    patch: podSpecPatch(wi, { [list]: [{ name: container, env: [{ name, $patch: 'delete' }] }] }),
    action: 'patch',
  };
}

function envFromFix(wi: WorkloadInfo, list: string, container: string, rest: JsonObject[], what: string): FixOption {
  const ref = wi.ref ?? { apiVersion: '', kind: wi.workload.kind, namespace: wi.namespace, name: wi.workload.name };
  return {
    id: `${ref.kind}/${wi.namespace}/${ref.name}:containers/${container}/envFrom/${what}=removed`,
    title: `Remove envFrom ${what} from container ${container} of ${wi.id.slice(9)}`,
    cost: COST.removeVolume,
    object: ref,
    patch: podSpecPatch(wi, { [list]: [{ name: container, envFrom: rest }] }),
    action: 'patch',
  };
}

const LIST: Record<string, string> = {
  container: 'containers',
  initContainer: 'initContainers',
  ephemeralContainer: 'ephemeralContainers',
};

/** The credential routes of one workload's pods. */
const NO_KEYS: StoredKey[] = [];

/** A workload's routes with the stored keys they read (`Kind/ns/name` → the keys found there, NO_KEYS if none). */
const routesMemo = new WeakMap<WorkloadInfo, { read: Map<string, StoredKey[]>; routes: Route[] }>();

/**
 * workloadRoutes, again only when the workload's info or one of the Secrets and ConfigMaps it reads changed: stored
 * keys are found once per object (storedKeys), so an unchanged object gives the same keys. A plan's verification
 * keeps the infos of most workloads (16.5k of 16.9k at 100k pods).
 */
function routesOnce(wi: WorkloadInfo, index: CredentialIndex): Route[] {
  const known = routesMemo.get(wi);
  const keysAt = (ref: string): StoredKey[] => index.stored.get(ref)?.keys ?? NO_KEYS;
  if (known && [...known.read].every(([ref, keys]) => keysAt(ref) === keys)) return known.routes;
  const read = new Map<string, StoredKey[]>();
  const routes = workloadRoutes(wi, (ref) => {
    const keys = keysAt(ref);
    read.set(ref, keys);
    return keys;
  });
  routesMemo.set(wi, { read, routes });
  return routes;
}

function workloadRoutes(wi: WorkloadInfo, keysAt: (ref: string) => StoredKey[]): Route[] {
  const out: Route[] = [];
  const stored = (kind: string, name: string | undefined): StoredKey[] =>
    name ? keysAt(`${kind}/${wi.namespace}/${name}`) : NO_KEYS;
  const push = (keys: StoredKey[], text: string, own: FixOption): void => {
    for (const k of keys)
      for (const credential of k.credentials) out.push({ credential, where: text, fixes: [own, k.fix] });
  };
  for (const c of wi.workload.template.containers) {
    const list = LIST[c.type]!;
    const at = `${where(wi)} container ${c.name}`;
    for (const e of arrayField(c.raw, 'env') ?? []) {
      if (!isJsonObject(e)) continue;
      const name = stringField(e, 'name') ?? '';
      const value = stringField(e, 'value');
      if (value !== undefined) {
        for (const credential of heldCredentials(value, name)) {
          out.push({ credential, where: `${at} env ${name}`, fixes: [envFix(wi, list, c.name, name)] });
        }
        continue;
      }
      const from = objectField(e, 'valueFrom');
      for (const [field, kind] of [
        ['secretKeyRef', 'Secret'],
        ['configMapKeyRef', 'ConfigMap'],
      ] as const) {
        const ref = objectField(from, field);
        if (!ref) continue;
        const keys = stored(kind, stringField(ref, 'name')).filter((k) => k.key === stringField(ref, 'key'));
        push(keys, `${at} env ${name} from ${kind} ${stringField(ref, 'name')}`, envFix(wi, list, c.name, name));
      }
    }
    const envFrom = (arrayField(c.raw, 'envFrom') ?? []).filter(isJsonObject);
    envFrom.forEach((e, i) => {
      for (const [field, kind] of [
        ['secretRef', 'Secret'],
        ['configMapRef', 'ConfigMap'],
      ] as const) {
        const name = stringField(objectField(e, field), 'name');
        if (!name) continue;
        const rest = envFrom.filter((_, j) => j !== i);
        push(
          stored(kind, name),
          `${at} envFrom ${kind} ${name}`,
          envFromFix(wi, list, c.name, rest, `${kind}/${name}`),
        );
      }
    });
  }
  const mounted = new Set(wi.containers.flatMap((c) => c.mounts.map((m) => m.volume)));
  for (const v of arrayField(wi.spec, 'volumes') ?? []) {
    if (!isJsonObject(v)) continue;
    const name = stringField(v, 'name') ?? '';
    if (!mounted.has(name)) continue;
    const sources: [string, JsonObject][] = [];
    const secret = objectField(v, 'secret');
    if (secret) sources.push(['Secret', { name: stringField(secret, 'secretName') ?? '', ...secret }]);
    const cm = objectField(v, 'configMap');
    if (cm) sources.push(['ConfigMap', cm]);
    for (const s of arrayField(objectField(v, 'projected'), 'sources') ?? []) {
      if (!isJsonObject(s)) continue;
      const ps = objectField(s, 'secret');
      if (ps) sources.push(['Secret', ps]);
      const pc = objectField(s, 'configMap');
      if (pc) sources.push(['ConfigMap', pc]);
    }
    for (const [kind, src] of sources) {
      const items = (arrayField(src, 'items') ?? []).filter(isJsonObject).map((it) => stringField(it, 'key'));
      const keys = stored(kind, stringField(src, 'name')).filter((k) => items.length === 0 || items.includes(k.key));
      push(keys, `${where(wi)} volume ${name} (${kind} ${stringField(src, 'name')})`, fixRemoveVolume(wi, name));
    }
  }
  return out;
}
