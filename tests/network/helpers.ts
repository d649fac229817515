import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';

let scratch: string | undefined;
let serial = 0;

/** Loads objects (as a cluster dump would hold them) through the real inventory loader. */
export async function inventoryFrom(objects: readonly object[], defaultNamespace = 'default'): Promise<Inventory> {
  if (!scratch) {
    scratch = mkdtempSync(path.join(tmpdir(), 'chokepoint-network-'));
    const dir = scratch;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(scratch, `objects-${serial++}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const inventory = await loadInventory([file], { defaultNamespace });
  rmSync(file, { force: true });
  return inventory;
}

export function namespace(name: string, labels: Record<string, string> = {}): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface PodInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  ip?: string;
  hostNetwork?: boolean;
  node?: string;
  ports?: { name?: string; port: number; protocol?: string; hostPort?: number }[];
  owner?: { kind: string; name: string };
}

/** A running Pod as a dump holds it. */
export function pod(input: PodInput): object {
  const metadata: Record<string, unknown> = {
    name: input.name,
    namespace: input.namespace,
    labels: input.labels ?? {},
  };
  if (input.owner) {
    metadata['ownerReferences'] = [
      { apiVersion: 'apps/v1', kind: input.owner.kind, name: input.owner.name, controller: true },
    ];
  }
  const spec: Record<string, unknown> = {
    containers: [
      {
        name: 'c',
        image: 'registry.example/app:1',
        ports: (input.ports ?? []).map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          containerPort: p.port,
          protocol: p.protocol ?? 'TCP',
          ...(p.hostPort ? { hostPort: p.hostPort } : {}),
        })),
      },
    ],
  };
  if (input.hostNetwork) spec['hostNetwork'] = true;
  if (input.node) spec['nodeName'] = input.node;
  const status: Record<string, unknown> = { phase: 'Running' };
  if (input.ip) {
    status['podIP'] = input.ip;
    status['podIPs'] = [{ ip: input.ip }];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
}

export function node(
  name: string,
  labels: Record<string, string>,
  addresses: { type: string; address: string }[],
): object {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {}, status: { addresses } };
}

/** Captures what a command writes. */
export class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
