import type { Rng } from './prng.js';

/**
 * JSON as the generator builds it. Properties may be `undefined`: JSON.stringify leaves them out, which lets the
 * builders write every object literal with its keys in the alphabetical order `kubectl get -o json` prints.
 */
export type Json = string | number | boolean | null | Json[] | JsonMap;
export interface JsonMap {
  [key: string]: Json | undefined;
}
export type Labels = Record<string, string>;

/** The fixed instant every timestamp is an offset from (a Monday, so the data does not depend on the clock). */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 8, 0, 0);
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** "Now" for the generated cluster: the time its dump was taken. */
export const NOW_MS = EPOCH_MS + 30 * DAY_MS;

/** A Kubernetes timestamp (RFC 3339, seconds precision). */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The alphabet Kubernetes uses for generated name suffixes and hashes (k8s.io/apimachinery/pkg/util/rand). */
export const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash / controller-revision-hash style value. */
export function templateHash(rng: Rng): string {
  return rng.chars(K8S_ALPHABET, rng.chance(0.8) ? 10 : 9);
}

/** The 5-character random suffix of a generateName. */
export function nameSuffix(rng: Rng): string {
  return rng.chars(K8S_ALPHABET, 5);
}

export function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function parseIpv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export function ownerReference(owner: OwnerRef, blockOwnerDeletion = true): JsonMap {
  return {
    apiVersion: owner.apiVersion,
    blockOwnerDeletion: blockOwnerDeletion ? true : undefined,
    controller: true,
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid,
  };
}

export interface MetaInput {
  name: string;
  namespace?: string;
  uid: string;
  created: number;
  labels?: Labels;
  annotations?: Labels;
  generateName?: string;
  generation?: number;
  ownerReferences?: JsonMap[];
  finalizers?: string[];
}

/** Shared counters of one generated cluster. Generation order is fixed, so a counter is deterministic. */
export class Counter {
  private value: number;
  constructor(start: number) {
    this.value = start;
  }
  next(step = 1): number {
    this.value += step;
    return this.value;
  }
}

/** The map with its keys in sorted order (as kubectl prints maps); the same object when already sorted. */
export function sortedMap(map: Labels): Labels {
  const keys = Object.keys(map);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) return map;
  const out: Labels = {};
  for (const k of keys.sort()) out[k] = map[k]!;
  return out;
}

/** Object metadata with keys in kubectl's (alphabetical) order. */
export function metadata(m: MetaInput, resourceVersion: Counter): JsonMap {
  return {
    annotations: m.annotations && Object.keys(m.annotations).length > 0 ? sortedMap(m.annotations) : undefined,
    creationTimestamp: timestamp(m.created),
    finalizers: m.finalizers,
    generateName: m.generateName,
    generation: m.generation,
    labels: m.labels && Object.keys(m.labels).length > 0 ? sortedMap(m.labels) : undefined,
    name: m.name,
    namespace: m.namespace,
    ownerReferences: m.ownerReferences,
    resourceVersion: String(resourceVersion.next()),
    uid: m.uid,
  };
}

/** Objects of one namespace (or of the cluster scope), by the plural of their kind, ready to be written. */
export class Bucket {
  readonly byPlural = new Map<string, JsonMap[]>();
  add(plural: string, item: JsonMap): void {
    let list = this.byPlural.get(plural);
    if (!list) this.byPlural.set(plural, (list = []));
    list.push(item);
  }
  count(plural: string): number {
    return this.byPlural.get(plural)?.length ?? 0;
  }
}

/** Keeps names unique within a scope by adding `-2`, `-3`, ... */
export class NameSet {
  private readonly used = new Set<string>();
  take(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}-${i}`;
    this.used.add(name);
    return name;
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
}
