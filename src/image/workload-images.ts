import { existsSync } from 'node:fs';
import type { InputError, Inventory, Workload } from '../inventory/types.js';
import { referenceKey, type ImageMap } from './image-map.js';
import type { RegistryOptions } from './registry.js';
import { scanImages, type ImageTarget, type ImageVulnerabilities } from './scan.js';
import { defaultDbPath } from './vulndb/store.js';

/** `scan --images`: how the images the workloads run are found and matched. */
export interface WorkloadImageOptions {
  /** Image reference → local copy (see image-map.ts); other images are pulled from their registry. */
  map?: ImageMap;
  /** Pull images the map does not name from their registry (default true). */
  pull?: boolean;
  /** The vulnerability database (default: defaultDbPath(), as `chokepoint db` and `chokepoint image`). */
  db?: string;
  registry?: RegistryOptions;
  /** Images read at a time (default 4). */
  concurrency?: number;
}

/** One container running an image. */
export interface ImageUse {
  workload: Workload;
  container: string;
}

export interface WorkloadImages {
  /** By the image reference as the pod specs write it; images that could not be read are left out. */
  images: Map<string, ImageVulnerabilities>;
  /** Reference → the containers running it. */
  uses: Map<string, ImageUse[]>;
  /** An image that could not be read (naming the workloads using it), or the missing database. */
  errors: InputError[];
  /** Images neither mapped nor pulled (`pull: false`). */
  skipped: string[];
}

/** Every image a workload's containers (init and ephemeral ones too) name, with the containers running it. */
export function imageUses(inventory: Inventory): Map<string, ImageUse[]> {
  const uses = new Map<string, ImageUse[]>();
  for (const workload of inventory.workloads) {
    for (const c of workload.template.containers) {
      const image = c.image?.trim();
      if (!image) continue;
      const list = uses.get(image) ?? uses.set(image, []).get(image)!;
      list.push({ workload, container: c.name });
    }
  }
  return uses;
}

function workloadName(w: Workload): string {
  return `${w.kind}/${w.namespace}/${w.name}`;
}

/**
 * Scans each distinct image the workloads run once (a mapped local copy, else a registry pull with Docker's
 * credentials), at most `concurrency` at a time. An image that cannot be read is an input error naming it and every
 * workload that runs it; the other images are still scanned.
 */
export async function scanWorkloadImages(
  inventory: Inventory,
  options: WorkloadImageOptions = {},
): Promise<WorkloadImages> {
  const uses = imageUses(inventory);
  const result: WorkloadImages = { images: new Map(), uses, errors: [], skipped: [] };
  const db = options.db ?? defaultDbPath();
  if (!existsSync(db)) {
    result.errors.push({
      file: db,
      message: `no vulnerability database at ${db}: run \`chokepoint db import\` first (or pass --db); images not scanned`,
    });
    return result;
  }
  const targets: ImageTarget[] = [];
  for (const image of [...uses.keys()].sort()) {
    const local = options.map?.get(referenceKey(image));
    if (local) targets.push({ image, input: local, from: 'local' });
    else if (options.pull === false) result.skipped.push(image);
    else targets.push({ image, input: image, from: 'registry' });
  }
  const scanned = await scanImages(targets, {
    db,
    concurrency: options.concurrency ?? 4,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  for (const r of scanned) {
    if (!r.error) {
      result.images.set(r.image, r);
      continue;
    }
    const users = uses.get(r.image)!;
    const first = users[0]!.workload;
    const names = [...new Set(users.map((u) => workloadName(u.workload)))];
    result.errors.push({
      file: first.source.file,
      line: first.source.line,
      object: workloadName(first),
      message: `image ${r.image} (run by ${names.join(', ')}) could not be scanned: ${r.error}`,
    });
  }
  return result;
}
