import { FlowNetwork } from './maxflow.js';
import { EXACT_LIMIT, solveHittingSet } from './hitting-set.js';

/** An edge as the planner sees it: its ends and the fixes that remove it (each alone is enough). */
export interface CutEdge {
  from: string;
  to: string;
  fixes: readonly { id: string; cost: number }[];
}

export interface CutProblem {
  edges: readonly CutEdge[];
  sources: readonly string[];
  targets: readonly string[];
  /** Fixes the user will not accept (`keep:` in the config): the plan routes around them. */
  forbidden?: ReadonlySet<string>;
}

export type CutMethod = 'min-cut' | 'exact hitting set' | 'greedy hitting set';

export interface CutResult {
  /** The chosen fix ids, irredundant: dropping any one leaves a path. */
  fixes: string[];
  cost: number;
  method: CutMethod;
  /** Targets some source still reaches because every path to them runs over edges nothing allowed can remove. */
  uncuttable: string[];
}

/** Edges on some path from a source to a target: the only ones a cut needs to consider. */
function relevantEdges(problem: CutProblem): CutEdge[] {
  const forward = reach(
    problem.sources,
    problem.edges,
    (e) => e.from,
    (e) => e.to,
  );
  const backward = reach(
    problem.targets,
    problem.edges,
    (e) => e.to,
    (e) => e.from,
  );
  return problem.edges.filter((e) => forward.has(e.from) && backward.has(e.to));
}

function reach(
  starts: readonly string[],
  edges: readonly CutEdge[],
  tail: (e: CutEdge) => string,
  head: (e: CutEdge) => string,
): Set<string> {
  const adjacency = new Map<string, string[]>();
  for (const edge of edges) {
    const list = adjacency.get(tail(edge));
    if (list) list.push(head(edge));
    else adjacency.set(tail(edge), [head(edge)]);
  }
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const next of adjacency.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Out-edges by node, built once per plan: the path searches below skip removed edges as they go. */
function adjacencyOf(edges: readonly CutEdge[]): Map<string, CutEdge[]> {
  const adjacency = new Map<string, CutEdge[]>();
  for (const edge of edges) {
    const list = adjacency.get(edge.from);
    if (list) list.push(edge);
    else adjacency.set(edge.from, [edge]);
  }
  return adjacency;
}

/** A shortest path (by edge count) from any source to any target over edges the chosen fixes leave, or undefined. */
function findPath(
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  sources: readonly string[],
  targets: ReadonlySet<string>,
  removed: (e: CutEdge) => boolean,
): CutEdge[] | undefined {
  const via = new Map<string, CutEdge | undefined>(sources.map((s) => [s, undefined]));
  const queue = [...sources];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (targets.has(node)) {
      const path: CutEdge[] = [];
      for (let edge = via.get(node); edge; edge = via.get(edge.from)) path.unshift(edge);
      return path;
    }
    for (const edge of adjacency.get(node) ?? []) {
      if (!via.has(edge.to) && !removed(edge)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return undefined;
}

/**
 * The cheapest set of fixes that cuts every path from the sources to the targets.
 * - When no fix removes more than one relevant edge, this is a weighted minimum s–t cut, solved exactly by max-flow.
 * - Otherwise one fix can cut several edges and it is a hitting-set problem over the paths. Paths are added one at a
 *   time (the shortest one the current choice leaves open) and the hitting set over them is re-solved, exactly while
 *   it has at most EXACT_LIMIT candidate fixes, greedily beyond. When no open path remains the choice cuts them all,
 *   and with exact solving it is optimal: a cheaper set would miss one of the collected paths.
 * The result is made irredundant: a fix whose removal leaves every path cut is dropped, dearest first.
 */
export function planCut(problem: CutProblem): CutResult {
  const forbidden = problem.forbidden ?? new Set<string>();
  const allowedOf = new Map<CutEdge, { id: string; cost: number }[]>();
  const allowed = (edge: CutEdge): { id: string; cost: number }[] => {
    let list = allowedOf.get(edge);
    if (!list) allowedOf.set(edge, (list = edge.fixes.filter((f) => !forbidden.has(f.id))));
    return list;
  };
  const edges = relevantEdges(problem);
  const adjacency = adjacencyOf(edges);
  const costs = new Map<string, number>();
  for (const edge of edges) for (const fix of allowed(edge)) costs.set(fix.id, fix.cost);
  const edgesPerFix = new Map<string, number>();
  for (const edge of edges)
    for (const fix of allowed(edge)) edgesPerFix.set(fix.id, (edgesPerFix.get(fix.id) ?? 0) + 1);
  const oneEdgeEach = [...edgesPerFix.values()].every((n) => n === 1);

  if (oneEdgeEach) {
    const viaFlow = minCutByFlow(edges, problem.sources, problem.targets, allowed);
    if (viaFlow) return finish(viaFlow, 'min-cut', [], adjacency, problem, allowed, costs);
  }

  const targets = new Set(problem.targets);
  const uncuttable: string[] = [];
  // Each collected path's fixes, with the target it reaches.
  const collected: { target: string; options: string[] }[] = [];
  let chosen: string[] = [];
  let exactSoFar = true;
  for (;;) {
    const removedBy = new Set(chosen);
    const path = findPath(adjacency, problem.sources, targets, (e) => allowed(e).some((f) => removedBy.has(f.id)));
    if (!path) break;
    const options = [...new Set(path.flatMap((e) => allowed(e).map((f) => f.id)))];
    if (options.length === 0) {
      // Nothing allowed removes any step of this path: its target cannot be cut off. Plan for the others.
      const target = path.length > 0 ? path[path.length - 1]!.to : problem.sources.find((s) => targets.has(s))!;
      uncuttable.push(target);
      targets.delete(target);
      // Paths collected to that target no longer need cutting: forget them, or they would bias the choice.
      for (let i = collected.length - 1; i >= 0; i--) if (collected[i]!.target === target) collected.splice(i, 1);
    } else {
      collected.push({ target: path[path.length - 1]!.to, options });
    }
    const solved = solveHittingSet(
      collected.map((c) => c.options),
      (id) => costs.get(id)!,
    );
    if (solved.method === 'greedy') exactSoFar = false;
    chosen = solved.chosen;
  }
  const candidates = new Set(collected.flatMap((c) => c.options)).size;
  const method: CutMethod = exactSoFar && candidates <= EXACT_LIMIT ? 'exact hitting set' : 'greedy hitting set';
  return finish(chosen, method, uncuttable, adjacency, problem, allowed, costs);
}

function minCutByFlow(
  edges: readonly CutEdge[],
  sources: readonly string[],
  targets: readonly string[],
  allowed: (edge: CutEdge) => { id: string; cost: number }[],
): string[] | undefined {
  const ids = new Map<string, number>();
  const idOf = (node: string): number => {
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = ids.size + 2));
    return id;
  };
  for (const edge of edges) {
    idOf(edge.from);
    idOf(edge.to);
  }
  for (const node of [...sources, ...targets]) idOf(node);
  const network = new FlowNetwork(ids.size + 2);
  const SOURCE = 0;
  const SINK = 1;
  for (const s of sources) network.addArc(SOURCE, idOf(s), Infinity);
  for (const t of targets) network.addArc(idOf(t), SINK, Infinity);
  const arcFix = new Map<number, string>();
  for (const edge of edges) {
    const cheapest = [...allowed(edge)].sort((a, b) => a.cost - b.cost || (a.id < b.id ? -1 : 1))[0];
    const arc = network.addArc(idOf(edge.from), idOf(edge.to), cheapest ? cheapest.cost : Infinity);
    if (cheapest) arcFix.set(arc, cheapest.id);
  }
  if (network.maxFlow(SOURCE, SINK) === Infinity) return undefined;
  return [...new Set(network.cutArcs(SOURCE).map((arc) => arcFix.get(arc)!))];
}

function finish(
  chosen: string[],
  method: CutMethod,
  uncuttable: string[],
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  problem: CutProblem,
  allowed: (edge: CutEdge) => { id: string; cost: number }[],
  costs: Map<string, number>,
): CutResult {
  const targets = new Set(problem.targets.filter((t) => !uncuttable.includes(t)));
  const cuts = (fixes: Set<string>): boolean =>
    findPath(adjacency, problem.sources, targets, (e) => allowed(e).some((f) => fixes.has(f.id))) === undefined;
  const kept = new Set(chosen);
  for (const fix of [...chosen].sort((a, b) => costs.get(b)! - costs.get(a)! || (a < b ? 1 : -1))) {
    kept.delete(fix);
    if (!cuts(kept)) kept.add(fix);
  }
  const fixes = [...kept].sort();
  return { fixes, cost: fixes.reduce((sum, id) => sum + costs.get(id)!, 0), method, uncuttable: uncuttable.sort() };
}
