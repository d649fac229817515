import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Generator output as the tests see it, read straight from the JSON files (not through the inventory). */
export type Obj = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  };
};

export interface DumpFile {
  /** Path relative to the dump root, with forward slashes. */
  rel: string;
  text: string;
  items: Obj[];
}

export interface Dump {
  files: DumpFile[];
  all: Obj[];
  byKind: Map<string, Obj[]>;
  byUid: Map<string, Obj>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `chokepoint-${prefix}-`));
}

/** Every file under `root`, as relative paths with forward slashes, in sorted order. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, r);
      else out.push(r);
    }
  };
  walk(root, '');
  return out.sort();
}

/** sha256 over every file's path and bytes, in sorted path order. */
export function hashTree(root: string): string {
  const h = createHash('sha256');
  for (const rel of listFiles(root)) {
    h.update(rel);
    h.update('\0');
    h.update(readFileSync(path.join(root, ...rel.split('/'))));
    h.update('\0');
  }
  return h.digest('hex');
}

export function readDump(root: string): Dump {
  const files: DumpFile[] = [];
  const all: Obj[] = [];
  const byKind = new Map<string, Obj[]>();
  const byUid = new Map<string, Obj>();
  for (const rel of listFiles(root)) {
    const text = readFileSync(path.join(root, ...rel.split('/')), 'utf8');
    const list = JSON.parse(text) as { items: Obj[] };
    files.push({ rel, text, items: list.items });
    for (const item of list.items) {
      all.push(item);
      let k = byKind.get(item.kind);
      if (!k) byKind.set(item.kind, (k = []));
      k.push(item);
      byUid.set(item.metadata.uid, item);
    }
  }
  return { files, all, byKind, byUid };
}

export function kind(dump: Dump, k: string): Obj[] {
  return dump.byKind.get(k) ?? [];
}

/** Parses `a.b.c.d` into a 32-bit number. */
export function ipNumber(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (ipNumber(ip) & mask) >>> 0 === (ipNumber(base!) & mask) >>> 0;
}
