/**
 * Sources, targets and the most likely attack paths between them, in the report's shape (DESIGN.md §5). Paths are
 * never enumerated: one shortest-path tree per source gives the best path to every target, and Yen's algorithm adds
 * a few alternatives for the most likely (source, target) pairs only.
 */

import { createHash } from 'node:crypto';
import { AttackGraph, type GraphEdge } from '../graph/model.js';
import { isHub, readableSteps } from '../graph/steps.js';
import type { AttackPath } from '../report/model.js';
import { kShortestPaths, pathKey, pathScore, pathTo, shortestPathTree } from './search.js';

export { pathKey } from './search.js';

export interface SourceOptions {
  /** Node ids (or `ns/Kind/name`, `ns/name` shorthands) assumed breached. */
  from?: readonly string[];
  /** Every human user and group bound in RBAC. */
  insiders?: boolean;
  /** Keep the Internet as a source even when `from` is given. */
  internet?: boolean;
}

/** Resolves a user-written node name: an exact id, or a unique id ending in it (`web/Deployment/storefront`). */
export function resolveNode(graph: AttackGraph, name: string): string | undefined {
  if (graph.nodes.has(name)) return name;
  const matches = [...graph.nodes.keys()].filter((id) => id.slice(id.indexOf(':') + 1) === name);
  return matches.length === 1 ? matches[0] : undefined;
}

/** The sources of the search: the Internet unless `from` names others, plus every user and group with `insiders`. */
export function resolveSources(
  graph: AttackGraph,
  options: SourceOptions = {},
): { sources: string[]; unknown: string[] } {
  const sources = new Set<string>();
  const unknown: string[] = [];
  for (const name of options.from ?? []) {
    const id = resolveNode(graph, name);
    if (id) sources.add(id);
    else unknown.push(name);
  }
  if ((options.from ?? []).length === 0 || options.internet) {
    if (graph.nodes.has('Internet')) sources.add('Internet');
  }
  if (options.insiders) {
    for (const node of graph.nodes.values()) if (node.kind === 'User' || node.kind === 'Group') sources.add(node.id);
  }
  return { sources: [...sources].sort(), unknown };
}

/** The things an attacker wants: full control, any node, kube-system secrets, cloud identities, crown jewels. */
export function standardTargets(graph: AttackGraph): string[] {
  const out: string[] = [];
  for (const node of graph.nodes.values()) {
    if (
      node.crownJewel ||
      node.kind === 'ClusterAdmin' ||
      node.kind === 'Node' ||
      node.kind === 'CloudIdentity' ||
      (node.kind === 'Secret' && node.id.startsWith('Secret:kube-system/'))
    ) {
      out.push(node.id);
    }
  }
  return out.sort();
}

/**
 * The edges of a path with each step's parallel techniques named in its `because`: a search takes the most likely
 * edge between two nodes, and the reader learns the others.
 */
export function withParallel(graph: AttackGraph, edges: readonly GraphEdge[]): GraphEdge[] {
  return edges.map((edge) => {
    const also = [
      ...new Set(
        graph
          .out(edge.from)
          .filter((e) => e.to === edge.to && e.technique !== edge.technique)
          .map((e) => e.technique),
      ),
    ].sort();
    return also.length === 0 ? edge : { ...edge, because: `${edge.because} (also ${also.join(', ')})` };
  });
}

/** A path of graph edges as the report shows it (hub hops folded: graph/steps.ts). */
export function toAttackPath(source: string, edges: readonly GraphEdge[]): AttackPath {
  const target = edges.length > 0 ? edges[edges.length - 1]!.to : source;
  const steps = readableSteps(edges);
  const key = [source, ...steps.map((s) => s.to)].join('>');
  return {
    id: `path-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`,
    source,
    target,
    score: pathScore(edges),
    steps,
  };
}

export interface PathSearchOptions {
  /** Paths per (source, target) pair for the most likely pairs (Yen's k). */
  perPair?: number;
  /** How many of the most likely pairs get alternatives beyond their best path. */
  alternativesFor?: number;
  /** The most paths reported. Every reachable pair keeps its best path first. */
  maxPaths?: number;
}

export interface PathSearchResult {
  paths: AttackPath[];
  /** The graph edges of each path (same order): what planning reads, since a report step may fold several. */
  routes: GraphEdge[][];
  /** (source, target) pairs connected, whether or not all their paths fit in `paths`. */
  pairs: number;
}

/**
 * The most likely paths from each source to each target, grouped by target and best first within a group. A path
 * may pass through another target on the way (a node on the way to ClusterAdmin, say); it stops at its own.
 */
export function findPaths(
  graph: AttackGraph,
  sources: readonly string[],
  targets: readonly string[],
  options: PathSearchOptions = {},
): PathSearchResult {
  const perPair = options.perPair ?? 3;
  const alternativesFor = options.alternativesFor ?? 20;
  const maxPaths = options.maxPaths ?? 200;
  const pairs: { source: string; target: string; distance: number; best: GraphEdge[] }[] = [];
  for (const source of sources) {
    if (!graph.nodes.has(source)) continue;
    const tree = shortestPathTree(graph, [source]);
    for (const target of targets) {
      if (target === source) continue;
      const best = pathTo(tree, target);
      if (best && best.length > 0) pairs.push({ source, target, distance: tree.distance.get(target)!, best });
    }
  }
  pairs.sort((a, b) => a.distance - b.distance || a.best.length - b.best.length || (a.target < b.target ? -1 : 1));
  const chosen: { source: string; edges: GraphEdge[] }[] = pairs.map((p) => ({ source: p.source, edges: p.best }));
  const known = new Set(chosen.map((c) => pathKey(c.edges)));
  for (const pair of pairs.slice(0, alternativesFor)) {
    if (chosen.length >= maxPaths || perPair <= 1) break;
    for (const edges of kShortestPaths(graph, pair.source, pair.target, perPair)) {
      const key = pathKey(edges);
      if (known.has(key)) continue;
      // A path through another target is that target's path first; it is kept only when it ends here.
      known.add(key);
      chosen.push({ source: pair.source, edges });
    }
  }
  const found = chosen.slice(0, maxPaths).map((c) => {
    const route = withParallel(graph, c.edges);
    return { path: toAttackPath(c.source, route), route };
  });
  const order = new Map(targets.map((t, i) => [t, i]));
  found.sort(
    ({ path: a }, { path: b }) =>
      order.get(a.target)! - order.get(b.target)! ||
      b.score - a.score ||
      a.steps.length - b.steps.length ||
      (a.id < b.id ? -1 : 1),
  );
  return { paths: found.map((f) => f.path), routes: found.map((f) => f.route), pairs: pairs.length };
}

/** Everything reachable from `source`, each node with its most likely path (blast radius). */
export function reachableFrom(graph: AttackGraph, source: string): { node: string; path: AttackPath }[] {
  const tree = shortestPathTree(graph, [source]);
  const out: { node: string; path: AttackPath }[] = [];
  for (const node of tree.distance.keys()) {
    if (node === source || isHub(node)) continue;
    out.push({ node, path: toAttackPath(source, withParallel(graph, pathTo(tree, node)!)) });
  }
  return out.sort((a, b) => b.path.score - a.path.score || (a.node < b.node ? -1 : 1));
}
