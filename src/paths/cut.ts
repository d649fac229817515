import type { GraphNumbering } from '../graph/model.js';
import { adjacencyBy, type Adjacency } from './adjacency.js';
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
  /** The edges' ends as numbers, when the graph has them (AttackGraph.numbering): spares numbering them again. */
  numbering?: Pick<GraphNumbering, 'numbers' | 'from' | 'to'>;
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

/** A set of edges over numbered nodes, with their adjacency both ways. */
class EdgeIndex {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly out: Adjacency;
  readonly in: Adjacency;

  /** `from[e]` and `to[e]`: the ends of `edges[e]` as `numbers` numbers them. */
  constructor(
    readonly edges: readonly CutEdge[],
    readonly numbers: ReadonlyMap<string, number>,
    from: Int32Array,
    to: Int32Array,
  ) {
    this.from = from;
    this.to = to;
    this.out = adjacencyBy(numbers.size, this.from);
    this.in = adjacencyBy(numbers.size, this.to);
  }

  // (Typed arrays are filled by loops: TypedArray.from with a mapping function is ten times slower on 734k edges.)
  static named(edges: readonly CutEdge[], numbers: ReadonlyMap<string, number>): EdgeIndex {
    const from = new Int32Array(edges.length);
    const to = new Int32Array(edges.length);
    edges.forEach((e, i) => {
      from[i] = numbers.get(e.from)!;
      to[i] = numbers.get(e.to)!;
    });
    return new EdgeIndex(edges, numbers, from, to);
  }

  /** The edges `keep` lets through, over the same node numbers. */
  subset(keep: (e: number) => boolean): EdgeIndex {
    const kept: number[] = [];
    for (let e = 0; e < this.edges.length; e++) if (keep(e)) kept.push(e);
    const edges = new Array<CutEdge>(kept.length);
    const from = new Int32Array(kept.length);
    const to = new Int32Array(kept.length);
    for (let i = 0; i < kept.length; i++) {
      const e = kept[i]!;
      edges[i] = this.edges[e]!;
      from[i] = this.from[e]!;
      to[i] = this.to[e]!;
    }
    return new EdgeIndex(edges, this.numbers, from, to);
  }

  get nodes(): number {
    return this.numbers.size;
  }

  nodeSet(ids: Iterable<string>): Uint8Array {
    const set = new Uint8Array(this.nodes);
    for (const id of ids) set[this.numbers.get(id)!] = 1;
    return set;
  }
}

/** Every node of the edges and of `extra`, numbered. */
function numberNodes(edges: readonly CutEdge[], extra: readonly string[]): Map<string, number> {
  const numbers = new Map<string, number>();
  const add = (id: string): void => {
    if (!numbers.has(id)) numbers.set(id, numbers.size);
  };
  for (const e of edges) {
    add(e.from);
    add(e.to);
  }
  for (const id of extra) add(id);
  return numbers;
}

/**
 * Marks in `seen` the nodes reached from the marked ones over the edges `pass` lets through, forward (`out`, to the
 * edges' `to`) or backward (`in`, to their `from`); stops and returns true as soon as a node marked in `stop` is
 * reached. `added` collects the newly marked nodes.
 */
function spread(
  index: EdgeIndex,
  dir: 'out' | 'in',
  starts: Iterable<number>,
  seen: Uint8Array,
  pass: (e: number) => boolean,
  stop?: Uint8Array,
  added?: number[],
): boolean {
  const { start, list } = index[dir];
  const next = dir === 'out' ? index.to : index.from;
  const queue: number[] = [];
  for (const s of starts) {
    if (stop?.[s] === 1) return true;
    if (seen[s] === 1) continue;
    seen[s] = 1;
    added?.push(s);
    queue.push(s);
  }
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (let i = start[node]!; i < start[node + 1]!; i++) {
      const e = list[i]!;
      const n = next[e]!;
      if (seen[n] === 1 || !pass(e)) continue;
      if (stop?.[n] === 1) return true;
      seen[n] = 1;
      added?.push(n);
      queue.push(n);
    }
  }
  return false;
}

/** Edges on some path from a source to a target: the only ones a cut needs to consider, indexed. */
function relevantEdges(problem: CutProblem): EdgeIndex {
  const ends = [...problem.sources, ...problem.targets];
  const given = problem.numbering;
  const all =
    given && given.from.length === problem.edges.length && ends.every((id) => given.numbers.has(id))
      ? new EdgeIndex(problem.edges, given.numbers, given.from, given.to)
      : EdgeIndex.named(problem.edges, numberNodes(problem.edges, ends));
  const numbers = all.numbers;
  const pass = () => true;
  const forward = new Uint8Array(all.nodes);
  spread(
    all,
    'out',
    problem.sources.map((s) => numbers.get(s)!),
    forward,
    pass,
  );
  const backward = new Uint8Array(all.nodes);
  spread(
    all,
    'in',
    problem.targets.map((t) => numbers.get(t)!),
    backward,
    pass,
  );
  return all.subset((e) => forward[all.from[e]!] === 1 && backward[all.to[e]!] === 1);
}

/**
 * A set of chosen fixes with, for each edge (by its number in the index), how many of them remove it, kept up to
 * date as fixes come and go: the searches ask "is this edge removed" once per edge visit.
 */
class Choice {
  readonly fixes = new Set<string>();
  private readonly count: Int32Array;
  private readonly edgesOf = new Map<string, number[]>();

  /** `allowed[e]`: the fixes that may remove edge e. */
  constructor(allowed: readonly (readonly { id: string }[])[]) {
    this.count = new Int32Array(allowed.length);
    allowed.forEach((fixes, e) => {
      for (const id of new Set(fixes.map((f) => f.id))) {
        (this.edgesOf.get(id) ?? this.edgesOf.set(id, []).get(id)!).push(e);
      }
    });
  }

  add(id: string): void {
    if (this.fixes.has(id)) return;
    this.fixes.add(id);
    for (const e of this.edges(id)) this.count[e]!++;
  }

  delete(id: string): void {
    if (!this.fixes.delete(id)) return;
    for (const e of this.edges(id)) this.count[e]!--;
  }

  /** Makes the choice exactly `ids`. */
  set(ids: readonly string[]): void {
    const next = new Set(ids);
    for (const id of [...this.fixes]) if (!next.has(id)) this.delete(id);
    for (const id of ids) this.add(id);
  }

  /** The edges (numbers) fix `id` removes. */
  edges(id: string): readonly number[] {
    return this.edgesOf.get(id) ?? [];
  }

  /** How many chosen fixes remove the edge. */
  removing(e: number): number {
    return this.count[e]!;
  }

  readonly removed = (e: number): boolean => this.count[e]! > 0;
}

/**
 * One shortest path (by edge count, as edge numbers) from the sources to each target reachable over the edges the
 * chosen fixes leave: a breadth-first tree, so one search yields a path per open target.
 */
function openPaths(
  index: EdgeIndex,
  sources: readonly number[],
  targets: Uint8Array,
  removed: (e: number) => boolean,
): number[][] {
  const UNSEEN = -2;
  const via = new Int32Array(index.nodes).fill(UNSEEN); // the edge a node was reached by; -1 for a source
  for (const s of sources) via[s] = -1;
  const queue = [...sources];
  const out: number[][] = [];
  const { start, list } = index.out;
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (targets[node] === 1) {
      const path: number[] = [];
      for (let e = via[node]!; e >= 0; e = via[index.from[e]!]!) path.unshift(e);
      out.push(path);
    }
    for (let k = start[node]!; k < start[node + 1]!; k++) {
      const e = list[k]!;
      const to = index.to[e]!;
      if (via[to] === UNSEEN && !removed(e)) {
        via[to] = e;
        queue.push(to);
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
  const index = relevantEdges(problem);
  const edges = index.edges;
  // The fixes allowed on each edge, by edge number.
  const allowed = edges.map((e) => (forbidden.size === 0 ? e.fixes : e.fixes.filter((f) => !forbidden.has(f.id))));
  const costs = new Map<string, number>();
  const edgesPerFix = new Map<string, number>();
  for (const fixes of allowed) {
    for (const fix of fixes) {
      costs.set(fix.id, fix.cost);
      edgesPerFix.set(fix.id, (edgesPerFix.get(fix.id) ?? 0) + 1);
    }
  }
  const oneEdgeEach = [...edgesPerFix.values()].every((n) => n === 1);

  const choice = new Choice(allowed);
  if (oneEdgeEach) {
    const viaFlow = minCutByFlow(edges, problem.sources, problem.targets, allowed);
    if (viaFlow) {
      choice.set(viaFlow);
      return finish(choice, 'min-cut', [], index, problem, costs);
    }
  }

  const targets = new Set(problem.targets);
  const isTarget = index.nodeSet(targets);
  const sources = problem.sources.map((s) => index.numbers.get(s)!);
  const uncuttable: string[] = [];
  // Each collected path's fixes, with the target it reaches.
  const collected: { target: string; options: string[] }[] = [];
  let chosen: string[] = [];
  let exactSoFar = true;
  for (;;) {
    choice.set(chosen);
    // A round collects one open path per open target, then solves again.
    const open = openPaths(index, sources, isTarget, choice.removed);
    if (open.length === 0) break;
    for (const path of open) {
      const target = path.length > 0 ? edges[path[path.length - 1]!]!.to : problem.sources.find((s) => targets.has(s))!;
      if (!targets.has(target)) continue;
      const options = [...new Set(path.flatMap((e) => allowed[e]!.map((f) => f.id)))];
      if (options.length === 0) {
        // Nothing allowed removes any step of this path: its target cannot be cut off. Plan for the others.
        uncuttable.push(target);
        targets.delete(target);
        isTarget[index.numbers.get(target)!] = 0;
        // Paths collected to that target no longer need cutting: forget them, or they would bias the choice.
        for (let i = collected.length - 1; i >= 0; i--) if (collected[i]!.target === target) collected.splice(i, 1);
      } else {
        collected.push({ target, options });
      }
    }
    // (Counted only while exact: the collection grows each round, to 30k paths at 100k pods.)
    if (exactSoFar && new Set(collected.flatMap((c) => c.options)).size <= EXACT_LIMIT) {
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
  return finish(choice, method, uncuttable, index, problem, costs);
}

function minCutByFlow(
  edges: readonly CutEdge[],
  sources: readonly string[],
  targets: readonly string[],
  allowed: readonly (readonly { id: string; cost: number }[])[],
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
  for (const [e, edge] of edges.entries()) {
    const cheapest = [...allowed[e]!].sort((a, b) => a.cost - b.cost || (a.id < b.id ? -1 : 1))[0];
    const arc = network.addArc(idOf(edge.from), idOf(edge.to), cheapest ? cheapest.cost : Infinity);
    if (cheapest) arcFix.set(arc, cheapest.id);
  }
  if (network.maxFlow(SOURCE, SINK) === Infinity) return undefined;
  return [...new Set(network.cutArcs(SOURCE).map((arc) => arcFix.get(arc)!))];
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
  index: EdgeIndex,
  problem: CutProblem,
  costs: Map<string, number>,
): CutResult {
  const targets = problem.targets.filter((t) => !uncuttable.includes(t));
  const open = (e: number): boolean => !kept.removed(e);
  const forward = new Uint8Array(index.nodes);
  spread(
    index,
    'out',
    problem.sources.map((s) => index.numbers.get(s)!),
    forward,
    open,
  );
  const backward = new Uint8Array(index.nodes);
  spread(
    index,
    'in',
    targets.map((t) => index.numbers.get(t)!),
    backward,
    open,
  );
  for (const fix of [...kept.fixes].sort((a, b) => costs.get(b)! - costs.get(a)! || (a < b ? 1 : -1))) {
    const only = kept.edges(fix).filter((e) => kept.removing(e) === 1);
    kept.delete(fix);
    // What the sources newly reach through the opened edges; undone (and the fix kept) if a target is met.
    const added: number[] = [];
    const starts = only.filter((e) => forward[index.from[e]!] === 1).map((e) => index.to[e]!);
    if (spread(index, 'out', starts, forward, open, backward, added)) {
      for (const n of added) forward[n] = 0;
      kept.add(fix);
      continue;
    }
    spread(
      index,
      'in',
      only.filter((e) => backward[index.to[e]!] === 1).map((e) => index.from[e]!),
      backward,
      open,
    );
  }
  const fixes = [...kept.fixes].sort();
  return { fixes, cost: fixes.reduce((sum, id) => sum + costs.get(id)!, 0), method, uncuttable: uncuttable.sort() };
}
