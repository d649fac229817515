import type { AttackGraph, GraphEdge, GraphNumbering } from '../graph/model.js';
import { adjacencyBy, type Adjacency } from './adjacency.js';
import { MinHeap } from './heap.js';

/** The cost of taking an edge: -ln(1 - difficulty), so the cheapest path is the most likely one. */
export function edgeWeight(edge: GraphEdge): number {
  return -Math.log(1 - Math.min(Math.max(edge.difficulty, 0), 0.99));
}

/** How likely a path is to work, 0 to 10: ten times the product of (1 - difficulty) over its steps. */
export function pathScore(edges: readonly GraphEdge[]): number {
  return Math.round(edges.reduce((p, e) => p * (1 - Math.min(Math.max(e.difficulty, 0), 0.99)), 10) * 100) / 100;
}

export interface ShortestPathTree {
  distance: Map<string, number>;
  via: Map<string, GraphEdge>;
}

/** The graph's edges over node numbers, grouped by their target: what the backward searches walk. */
interface ReverseIndex {
  ids: readonly string[];
  numbers: ReadonlyMap<string, number>;
  from: Int32Array;
  weight: Float64Array;
  into: Adjacency;
}

/** By the graph's numbering, which is made again when the graph grows. */
const reverseIndexes = new WeakMap<GraphNumbering, ReverseIndex>();

/** Built once per graph (again if it grew): Yen runs one backward search per pair, over a third of a big graph each. */
function reverseIndex(graph: AttackGraph): ReverseIndex {
  const numbering = graph.numbering();
  const known = reverseIndexes.get(numbering);
  if (known) return known;
  const { ids, numbers, from, to } = numbering;
  const weight = new Float64Array(graph.edges.length); // (a loop: Float64Array.from with a function is 5x slower)
  graph.edges.forEach((e, i) => (weight[i] = edgeWeight(e)));
  const index = { ids, numbers, from, weight, into: adjacencyBy(ids.length, to) };
  reverseIndexes.set(numbering, index);
  return index;
}

/** The cost of the cheapest way from each node to `target`, for the nodes that can reach it (Dijkstra backwards). */
export function distancesTo(graph: AttackGraph, target: string): Map<string, number> {
  const { ids, numbers, from, weight, into } = reverseIndex(graph);
  const t = numbers.get(target);
  if (t === undefined) return new Map([[target, 0]]);
  const distance = new Float64Array(ids.length).fill(Infinity);
  const done = new Uint8Array(ids.length);
  const heap = new MinHeap<number>();
  distance[t] = 0;
  heap.push(0, t);
  for (let item = heap.pop(); item; item = heap.pop()) {
    const node = item.value;
    if (done[node] === 1) continue;
    done[node] = 1;
    for (let i = into.start[node]!; i < into.start[node + 1]!; i++) {
      const e = into.list[i]!;
      const next = item.priority + weight[e]!;
      const previous = from[e]!;
      if (next < distance[previous]!) {
        distance[previous] = next;
        heap.push(next, previous);
      }
    }
  }
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) if (distance[i]! < Infinity) out.set(ids[i]!, distance[i]!);
  return out;
}

/**
 * Dijkstra from one or more sources, skipping the nodes and edges a caller bans (Yen's spur searches ban some), and
 * stopping once `until` is settled when given (the tree is then complete only for nodes nearer than it).
 *
 * `toUntil` (distancesTo `until`) makes it A*: a node is taken in order of its distance plus the cheapest remainder
 * from it, and nodes that cannot reach `until` are never entered. Yen's spur searches run with it; without it, a spur
 * that fails explores all the graph a breach reaches (hundreds of milliseconds each at 100k pods).
 */
export function shortestPathTree(
  graph: AttackGraph,
  sources: readonly string[],
  banned?: { nodes?: ReadonlySet<string>; steps?: BannedSteps },
  until?: string,
  toUntil?: ReadonlyMap<string, number>,
): ShortestPathTree {
  const distance = new Map<string, number>();
  const via = new Map<string, GraphEdge>();
  const heap = new MinHeap<string>();
  const remainder = (node: string): number | undefined => (toUntil ? toUntil.get(node) : 0);
  for (const source of sources) {
    const h = remainder(source);
    if (h === undefined) continue;
    distance.set(source, 0);
    heap.push(h, source);
  }
  const done = new Set<string>();
  for (let item = heap.pop(); item; item = heap.pop()) {
    const node = item.value;
    if (done.has(node)) continue;
    done.add(node);
    if (node === until) break;
    const here = distance.get(node)!;
    const bannedTo = banned?.steps?.get(node);
    for (const edge of graph.out(node)) {
      if (banned?.nodes?.has(edge.to) || bannedTo?.has(edge.to)) continue;
      const h = remainder(edge.to);
      if (h === undefined) continue;
      const next = here + edgeWeight(edge);
      if (next < (distance.get(edge.to) ?? Infinity)) {
        distance.set(edge.to, next);
        via.set(edge.to, edge);
        heap.push(next + h, edge.to);
      }
    }
  }
  return { distance, via };
}

/**
 * Steps between two nodes, whatever the technique (parallel edges are one step for a reader, and for Yen), as the
 * nodes each bans from: no key string per edge a search relaxes.
 */
type BannedSteps = ReadonlyMap<string, ReadonlySet<string>>;

/** A path as a node sequence: two differing only in the technique of a step are one. */
export function pathKey(edges: readonly GraphEdge[]): string {
  return edges.map((e) => `${e.from}>${e.to}`).join('|');
}

/** The edges from the tree's source to `target`, or undefined when it is not reached. */
export function pathTo(tree: ShortestPathTree, target: string): GraphEdge[] | undefined {
  if (!tree.distance.has(target)) return undefined;
  const edges: GraphEdge[] = [];
  for (let edge = tree.via.get(target); edge; edge = tree.via.get(edge.from)) edges.unshift(edge);
  return edges;
}

function weightOf(edges: readonly GraphEdge[]): number {
  return edges.reduce((sum, e) => sum + edgeWeight(e), 0);
}

/**
 * Up to `k` most likely loopless paths from `source` to `target`, best first (Yen's algorithm). The search never
 * enumerates all simple paths: each further path costs one shortest-path search per step of the previous one.
 */
export function kShortestPaths(graph: AttackGraph, source: string, target: string, k: number): GraphEdge[][] {
  const toTarget = distancesTo(graph, target);
  const first = pathTo(shortestPathTree(graph, [source], undefined, target, toTarget), target);
  if (!first || k <= 0) return [];
  const found: GraphEdge[][] = [first];
  const candidates: { weight: number; edges: GraphEdge[] }[] = [];
  const known = new Set([pathKey(first)]);
  while (found.length < k) {
    const previous = found[found.length - 1]!;
    for (let i = 0; i < previous.length; i++) {
      const root = previous.slice(0, i);
      const spur = i === 0 ? source : previous[i - 1]!.to;
      const bannedSteps = new Map<string, Set<string>>();
      for (const path of found) {
        if (path.length > i && pathKey(path.slice(0, i)) === pathKey(root)) {
          const { from, to } = path[i]!;
          (bannedSteps.get(from) ?? bannedSteps.set(from, new Set()).get(from)!).add(to);
        }
      }
      const bannedNodes = new Set([source, ...root.map((e) => e.to)]);
      bannedNodes.delete(spur);
      const tail = pathTo(
        shortestPathTree(graph, [spur], { nodes: bannedNodes, steps: bannedSteps }, target, toTarget),
        target,
      );
      if (!tail) continue;
      const edges = [...root, ...tail];
      const id = pathKey(edges);
      if (known.has(id)) continue;
      known.add(id);
      candidates.push({ weight: weightOf(edges), edges });
    }
    if (candidates.length === 0) break;
    candidates.sort((a, b) => a.weight - b.weight || a.edges.length - b.edges.length);
    found.push(candidates.shift()!.edges);
  }
  return found;
}
