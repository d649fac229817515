import { FlowNetwork } from './maxflow.js';
import { EXACT_LIMIT, greedy, solveHittingSet } from './hitting-set.js';

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
  const all = () => true;
  const forward = reachOver(
    problem.sources,
    edgesBy(problem.edges, (e) => e.from),
    (e) => e.to,
    all,
  );
  const backward = reachOver(
    problem.targets,
    edgesBy(problem.edges, (e) => e.to),
    (e) => e.from,
    all,
  );
  return problem.edges.filter((e) => forward.has(e.from) && backward.has(e.to));
}

/**
 * A set of chosen fixes with, for each edge, how many of them remove it, kept up to date as fixes come and go: the
 * searches ask "is this edge removed" once per edge visit.
 */
class Choice {
  readonly fixes = new Set<string>();
  private readonly count = new Map<CutEdge, number>();
  private readonly edgesOf = new Map<string, CutEdge[]>();

  constructor(edges: readonly CutEdge[], allowed: (edge: CutEdge) => readonly { id: string }[]) {
    for (const edge of edges) {
      for (const id of new Set(allowed(edge).map((f) => f.id))) {
        (this.edgesOf.get(id) ?? this.edgesOf.set(id, []).get(id)!).push(edge);
      }
    }
  }

  add(id: string): void {
    if (this.fixes.has(id)) return;
    this.fixes.add(id);
    for (const e of this.edges(id)) this.count.set(e, (this.count.get(e) ?? 0) + 1);
  }

  delete(id: string): void {
    if (!this.fixes.delete(id)) return;
    for (const e of this.edges(id)) this.count.set(e, this.count.get(e)! - 1);
  }

  /** Makes the choice exactly `ids`. */
  set(ids: readonly string[]): void {
    const next = new Set(ids);
    for (const id of [...this.fixes]) if (!next.has(id)) this.delete(id);
    for (const id of ids) this.add(id);
  }

  /** The edges fix `id` removes. */
  edges(id: string): readonly CutEdge[] {
    return this.edgesOf.get(id) ?? [];
  }

  /** How many chosen fixes remove the edge. */
  removing(e: CutEdge): number {
    return this.count.get(e) ?? 0;
  }

  readonly removed = (e: CutEdge): boolean => (this.count.get(e) ?? 0) > 0;
}

/** Nodes reachable from `starts` over the edges `pass` lets through (`adjacency` maps a node to its edges). */
function reachOver(
  starts: readonly string[],
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  next: (e: CutEdge) => string,
  pass: (e: CutEdge) => boolean,
): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const edge of adjacency.get(queue.pop()!) ?? []) {
      const node = next(edge);
      if (!seen.has(node) && pass(edge)) {
        seen.add(node);
        queue.push(node);
      }
    }
  }
  return seen;
}

/** Edges by one of their ends: `(e) => e.from` gives the out-edges of each node, `(e) => e.to` the in-edges. */
function edgesBy(edges: Iterable<CutEdge>, end: (e: CutEdge) => string): Map<string, CutEdge[]> {
  const index = new Map<string, CutEdge[]>();
  for (const edge of edges) {
    const list = index.get(end(edge));
    if (list) list.push(edge);
    else index.set(end(edge), [edge]);
  }
  return index;
}

/**
 * One shortest path (by edge count) from the sources to each target reachable over the edges the chosen fixes leave:
 * a breadth-first tree, so one search yields a path per open target.
 */
function openPaths(
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  sources: readonly string[],
  targets: ReadonlySet<string>,
  removed: (e: CutEdge) => boolean,
  first = false,
): CutEdge[][] {
  const via = new Map<string, CutEdge | undefined>(sources.map((s) => [s, undefined]));
  const queue = [...sources];
  const out: CutEdge[][] = [];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (targets.has(node)) {
      const path: CutEdge[] = [];
      for (let edge = via.get(node); edge; edge = via.get(edge.from)) path.unshift(edge);
      out.push(path);
      if (first) return out;
    }
    for (const edge of adjacency.get(node) ?? []) {
      if (!via.has(edge.to) && !removed(edge)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return out;
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
  const adjacency = edgesBy(edges, (e) => e.from);
  const costs = new Map<string, number>();
  for (const edge of edges) for (const fix of allowed(edge)) costs.set(fix.id, fix.cost);
  const edgesPerFix = new Map<string, number>();
  for (const edge of edges)
    for (const fix of allowed(edge)) edgesPerFix.set(fix.id, (edgesPerFix.get(fix.id) ?? 0) + 1);
  const oneEdgeEach = [...edgesPerFix.values()].every((n) => n === 1);

  const choice = new Choice(edges, allowed);
  if (oneEdgeEach) {
    const viaFlow = minCutByFlow(edges, problem.sources, problem.targets, allowed);
    if (viaFlow) {
      choice.set(viaFlow);
      return finish(choice, 'min-cut', [], adjacency, problem, costs);
    }
  }

  const targets = new Set(problem.targets);
  const uncuttable: string[] = [];
  // Each collected path's fixes, with the target it reaches.
  const collected: { target: string; options: string[] }[] = [];
  let chosen: string[] = [];
  let exactSoFar = true;
  for (;;) {
    choice.set(chosen);
    // A round collects one open path per open target, then solves again.
    const open = openPaths(adjacency, problem.sources, targets, choice.removed);
    if (open.length === 0) break;
    for (const path of open) {
      const target = path.length > 0 ? path[path.length - 1]!.to : problem.sources.find((s) => targets.has(s))!;
      if (!targets.has(target)) continue;
      const options = [...new Set(path.flatMap((e) => allowed(e).map((f) => f.id)))];
      if (options.length === 0) {
        // Nothing allowed removes any step of this path: its target cannot be cut off. Plan for the others.
        uncuttable.push(target);
        targets.delete(target);
        // Paths collected to that target no longer need cutting: forget them, or they would bias the choice.
        for (let i = collected.length - 1; i >= 0; i--) if (collected[i]!.target === target) collected.splice(i, 1);
      } else {
        collected.push({ target, options });
      }
    }
    const candidateCount = new Set(collected.flatMap((c) => c.options)).size;
    if (exactSoFar && candidateCount <= EXACT_LIMIT) {
      chosen = solveHittingSet(
        collected.map((c) => c.options),
        (id) => costs.get(id)!,
      ).chosen;
    } else {
      // Too many candidates for the exact search: extend the choice greedily to hit the paths it leaves open (the
      // choice so far already hits the others; redundant picks are dropped at the end).
      exactSoFar = false;
      const have = new Set(chosen);
      const open = collected.filter((c) => !c.options.some((id) => have.has(id))).map((c) => c.options);
      chosen = [...chosen, ...greedy(open, (id) => costs.get(id)!).chosen];
    }
  }
  const candidates = new Set(collected.flatMap((c) => c.options)).size;
  const method: CutMethod = exactSoFar && candidates <= EXACT_LIMIT ? 'exact hitting set' : 'greedy hitting set';
  choice.set(chosen);
  return finish(choice, method, uncuttable, adjacency, problem, costs);
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

/**
 * The nodes newly reachable from `starts` over the edges `pass` lets through, beyond `known`; or 'hit' as soon as
 * one of them is in `stop`.
 */
function grow(
  starts: readonly string[],
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  next: (e: CutEdge) => string,
  pass: (e: CutEdge) => boolean,
  known: ReadonlySet<string>,
  stop?: ReadonlySet<string>,
): Set<string> | 'hit' {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const s of starts) {
    if (stop?.has(s)) return 'hit';
    if (!known.has(s) && !seen.has(s)) {
      seen.add(s);
      queue.push(s);
    }
  }
  while (queue.length > 0) {
    for (const edge of adjacency.get(queue.pop()!) ?? []) {
      const node = next(edge);
      if (known.has(node) || seen.has(node) || !pass(edge)) continue;
      if (stop?.has(node)) return 'hit';
      seen.add(node);
      queue.push(node);
    }
  }
  return seen;
}

/**
 * Drops fixes the others make unneeded, dearest first. What the sources reach (`forward`) and what reaches a
 * target (`backward`) over the edges the kept fixes leave are kept up to date: dropping a fix opens the edges only it
 * removes, and a path opens exactly when what the sources then reach meets what reaches a target.
 */
function finish(
  kept: Choice,
  method: CutMethod,
  uncuttable: string[],
  adjacency: ReadonlyMap<string, readonly CutEdge[]>,
  problem: CutProblem,
  costs: Map<string, number>,
): CutResult {
  const targets = new Set(problem.targets.filter((t) => !uncuttable.includes(t)));
  const open = (e: CutEdge): boolean => !kept.removed(e);
  const reverse = edgesBy([...adjacency.values()].flat(), (e) => e.to);
  const forward = reachOver(problem.sources, adjacency, (e) => e.to, open);
  const backward = reachOver([...targets], reverse, (e) => e.from, open);
  for (const fix of [...kept.fixes].sort((a, b) => costs.get(b)! - costs.get(a)! || (a < b ? 1 : -1))) {
    const only = kept.edges(fix).filter((e) => kept.removing(e) === 1);
    kept.delete(fix);
    const reached = grow(
      only.filter((e) => forward.has(e.from)).map((e) => e.to),
      adjacency,
      (e) => e.to,
      open,
      forward,
      backward,
    );
    if (reached === 'hit') {
      kept.add(fix);
      continue;
    }
    for (const node of reached) forward.add(node);
    const reaching = grow(
      only.filter((e) => backward.has(e.to)).map((e) => e.from),
      reverse,
      (e) => e.from,
      open,
      backward,
    );
    if (reaching !== 'hit') for (const node of reaching) backward.add(node);
  }
  const fixes = [...kept.fixes].sort();
  return { fixes, cost: fixes.reduce((sum, id) => sum + costs.get(id)!, 0), method, uncuttable: uncuttable.sort() };
}
