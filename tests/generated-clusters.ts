import path from 'node:path';
import fc from 'fast-check';
import { generateCluster, PROFILE_NAMES } from '../bench/generator/index.js';
import { loadInventory } from '../src/inventory/load.js';
import type { Inventory } from '../src/inventory/types.js';
import { tempTree } from './helpers.js';

/**
 * A property over random generated clusters: fast-check draws the seed and the profile, the cluster of `pods` pods is
 * generated and loaded, and `check` gets its inventory and a label naming the draw (for assertion messages).
 */
export async function forGeneratedClusters(
  pods: number,
  numRuns: number,
  check: (inventory: Inventory, label: string) => Promise<void>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.constantFrom(...PROFILE_NAMES),
      async (seed, profile) => {
        const out = path.join(tempTree({}), 'dump');
        await generateCluster({ pods, seed, profile, out });
        await check(await loadInventory([out]), `seed ${seed} (${profile})`);
      },
    ),
    { numRuns },
  );
}
