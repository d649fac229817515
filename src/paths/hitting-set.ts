import { MinHeap } from './heap.js';

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
  const hits = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const element of set) {
      const list = hits.get(element);
      if (list) list.push(i);
      else hits.set(element, [i]);
    }
  });
  const hit = new Uint8Array(sets.length);
  const newly = (element: string): number => hits.get(element)!.reduce((n, i) => n + (hit[i] === 0 ? 1 : 0), 0);
  // Lazy evaluation: an element's ratio only grows as sets get hit, so a popped element whose fresh ratio still
  // beats the next one in the queue is the best (ties broken by id, as a full scan would).
  const queue = new MinHeap<string>((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [element, indices] of hits) queue.push(costOf(element) / indices.length, element);
  const chosen: string[] = [];
  let cost = 0;
  let open = sets.filter((s) => s.length > 0).length;
  while (open > 0) {
    const top = queue.pop();
    if (!top) break; // an empty set cannot be hit; callers keep those apart
    const n = newly(top.value);
    if (n === 0) continue;
    const ratio = costOf(top.value) / n;
    const next = queue.peek();
    if (next && (ratio > next.priority || (ratio === next.priority && next.value < top.value))) {
      queue.push(ratio, top.value);
      continue;
    }
    chosen.push(top.value);
    cost += costOf(top.value);
    for (const i of hits.get(top.value)!) {
      if (hit[i] === 0) {
        hit[i] = 1;
        open--;
      }
    }
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
