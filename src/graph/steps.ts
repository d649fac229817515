/**
 * Steps as people read them: a path's edges with the network-class hops of lateral movement (techniques/net-edges.ts)
 * folded into one `NET_LATERAL` step from workload to workload.
 */

import { AttackGraph, type GraphEdge } from './model.js';
import { lateralBecause } from './techniques/net-edges.js';

export interface ReadableStep {
  from: string;
  technique: string;
  to: string;
  because: string;
}

export const isNetClass = (id: string): boolean => id.startsWith('NetClass:');

export function readableSteps(edges: readonly GraphEdge[]): ReadableStep[] {
  const out: ReadableStep[] = [];
  let start: string | undefined;
  let conns = '';
  for (const e of edges) {
    if (isNetClass(e.to)) {
      if (isNetClass(e.from)) conns = e.because;
      else start = e.from;
    } else if (isNetClass(e.from) && start !== undefined) {
      out.push({ from: start, technique: e.technique, to: e.to, because: lateralBecause(start, e.to, conns) });
      start = undefined;
    } else {
      out.push({ from: e.from, technique: e.technique, to: e.to, because: e.because });
    }
  }
  return out;
}

/** The workloads a step leaves from and arrives at; `undefined` for "any" (the far side of a class hop). */
export interface StepEnds {
  from: ReadonlySet<string> | undefined;
  to: ReadonlySet<string> | undefined;
}

/**
 * For each edge, the workload pairs it stands for: its own ends, or for a network-class hop the workloads behind the
 * class nodes (the first hop leaves from one workload to any destination, the last arrives at one from any source).
 */
export function stepEnds(edges: readonly GraphEdge[]): (edge: GraphEdge) => StepEnds {
  const senders = new Map<string, Set<string>>();
  const receivers = new Map<string, Set<string>>();
  for (const e of edges) {
    if (isNetClass(e.to) && !isNetClass(e.from))
      (senders.get(e.to) ?? senders.set(e.to, new Set()).get(e.to)!).add(e.from);
    if (isNetClass(e.from) && !isNetClass(e.to)) {
      (receivers.get(e.from) ?? receivers.set(e.from, new Set()).get(e.from)!).add(e.to);
    }
  }
  const none = new Set<string>();
  return (e) => ({
    from: isNetClass(e.from) ? (isNetClass(e.to) ? (senders.get(e.from) ?? none) : undefined) : new Set([e.from]),
    to: isNetClass(e.to) ? (isNetClass(e.from) ? (receivers.get(e.to) ?? none) : undefined) : new Set([e.to]),
  });
}

/**
 * The graph with every network-class route expanded into one `NET_LATERAL` edge per workload pair (its fixes those
 * of its hops) and the class nodes dropped: what a reader (or a test) expects to see. Quadratic on flat networks,
 * which is what the class nodes avoid: for small graphs and single workloads only.
 */
export function expandClassHops(graph: AttackGraph): AttackGraph {
  const out = new AttackGraph();
  for (const node of graph.nodes.values()) if (!isNetClass(node.id)) out.addNode(node);
  for (const e of graph.edges) if (!isNetClass(e.from) && !isNetClass(e.to)) out.addEdge(e);
  for (const first of graph.edges) {
    if (isNetClass(first.from) || !isNetClass(first.to)) continue;
    for (const middle of graph.out(first.to)) {
      for (const last of graph.out(middle.to)) {
        if (last.to === first.from) continue;
        out.addEdge({
          from: first.from,
          to: last.to,
          technique: middle.technique,
          because: lateralBecause(first.from, last.to, middle.because),
          difficulty: middle.difficulty,
          fixes: [...first.fixes, ...middle.fixes, ...last.fixes],
        });
      }
    }
  }
  return out;
}
