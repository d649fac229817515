/**
 * Weighted hitting set: choose the cheapest set of elements (fixes) such that every set (an attack path's fixes)
 * contains at least one chosen element. Exact by branch and bound when small, greedy otherwise.
 */

export interface HittingSetResult {
  chosen: string[];
  cost: number;
  method: 'exact' | 'greedy';
}

/** Above this many distinct elements the exact search is not attempted. */
export const EXACT_LIMIT = 24;

export function solveHittingSet(
  sets: readonly (readonly string[])[],
  costOf: (element: string) => number,
): HittingSetResult {
  const elements = [...new Set(sets.flat())].sort();
  if (sets.length === 0) return { chosen: [], cost: 0, method: 'exact' };
  if (elements.length <= EXACT_LIMIT) return exact(sets, elements, costOf);
  return greedy(sets, costOf);
}

/**
 * Greedy: repeatedly take the element with the lowest cost per newly hit set. Its cost is within a factor
 * H(m) ≤ ln m + 1 of the optimum, where m is the largest number of sets one element hits (Chvátal 1979).
 */
export function greedy(sets: readonly (readonly string[])[], costOf: (element: string) => number): HittingSetResult {
  const open = new Set(sets.map((_, i) => i));
  const chosen: string[] = [];
  let cost = 0;
  const hits = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const element of set) {
      const list = hits.get(element);
      if (list) list.push(i);
      else hits.set(element, [i]);
    }
  });
  while (open.size > 0) {
    let best: string | undefined;
    let bestRatio = Infinity;
    for (const [element, indices] of hits) {
      const newly = indices.filter((i) => open.has(i)).length;
      if (newly === 0) continue;
      const ratio = costOf(element) / newly;
      if (ratio < bestRatio || (ratio === bestRatio && best !== undefined && element < best)) {
        best = element;
        bestRatio = ratio;
      }
    }
    if (best === undefined) break; // an empty set cannot be hit; callers keep those apart
    chosen.push(best);
    cost += costOf(best);
    for (const i of hits.get(best)!) open.delete(i);
  }
  return { chosen: chosen.sort(), cost, method: 'greedy' };
}

function exact(
  sets: readonly (readonly string[])[],
  elements: string[],
  costOf: (element: string) => number,
): HittingSetResult {
  const index = new Map(elements.map((e, i) => [e, i]));
  const masks = sets.map((set) => set.reduce((mask, e) => mask | (1 << index.get(e)!), 0));
  const costs = elements.map(costOf);
  // Start from the greedy answer as the bound to beat.
  const start = greedy(sets, costOf);
  let bestCost = start.cost;
  let bestMask = start.chosen.reduce((mask, e) => mask | (1 << index.get(e)!), 0);
  const search = (chosenMask: number, cost: number): void => {
    if (cost >= bestCost) return;
    const unhit = masks.find((mask) => (mask & chosenMask) === 0);
    if (unhit === undefined) {
      bestCost = cost;
      bestMask = chosenMask;
      return;
    }
    // Branch on the elements of the first unhit set: one of them must be chosen.
    for (let i = 0; i < elements.length; i++) {
      if (unhit & (1 << i)) search(chosenMask | (1 << i), cost + costs[i]!);
    }
  };
  search(0, 0);
  const chosen = elements.filter((_, i) => bestMask & (1 << i));
  return { chosen, cost: bestCost, method: 'exact' };
}
