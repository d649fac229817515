/**
 * Steps as people read them. Hubs (model.ts `Hub`) route fan-outs many sources share, so a step a reader knows —
 * "ci-runner may create pods: node-7", "storefront may open TCP 80 on orders-api" — can be several graph edges:
 * source → hub (→ hub) → target. Here those runs fold back into one step, and expand into one edge per pair.
 */

import { AttackGraph, type FixOption, type GraphEdge } from './model.js';

export interface ReadableStep {
  from: string;
  technique: string;
  to: string;
  because: string;
}

export const isHub = (id: string): boolean => id.startsWith('Hub:');

/**
 * The `because` of a folded run: that of its hardest edge (the one with the facts; hub edges are free), with
 * `{from}` and `{to}` replaced by the run's ends (network-class hops name the workloads only once folded).
 */
function foldedBecause(run: readonly GraphEdge[], from: string, to: string): string {
  let main = run[0]!;
  for (const e of run) if (e.difficulty > main.difficulty) main = e;
  const name = (id: string) => id.slice(id.indexOf(':') + 1);
  return main.because.replaceAll('{from}', name(from)).replaceAll('{to}', name(to));
}

/** A path's edges with each run through hubs folded into one step (the technique of its first edge). */
export function readableSteps(edges: readonly GraphEdge[]): ReadableStep[] {
  const out: ReadableStep[] = [];
  let run: GraphEdge[] = [];
  for (const e of edges) {
    run.push(e);
    if (isHub(e.to)) continue;
    const from = run[0]!.from;
    out.push({ from, technique: run[0]!.technique, to: e.to, because: foldedBecause(run, from, e.to) });
    run = [];
  }
  return out;
}

/**
 * The graph with every run through hubs expanded into one edge per (source, target) pair — its fixes those of its
 * edges, its difficulty that of its hardest — and the hubs dropped: what a reader (or a test) expects to see. It is
 * the quadratic thing hubs avoid: for small graphs, tests and diffs.
 */
export function expandHops(graph: AttackGraph): AttackGraph {
  const out = new AttackGraph();
  for (const node of graph.nodes.values()) if (!isHub(node.id)) out.addNode(node);
  for (const e of graph.edges) if (!isHub(e.from) && !isHub(e.to)) out.addEdge(e);
  const walk = (run: GraphEdge[]): void => {
    const last = run[run.length - 1]!;
    if (!isHub(last.to)) {
      const from = run[0]!.from;
      if (from === last.to) return;
      const fixes: FixOption[] = run.flatMap((e) => e.fixes);
      out.addEdge({
        from,
        to: last.to,
        technique: run[0]!.technique,
        because: foldedBecause(run, from, last.to),
        difficulty: Math.max(...run.map((e) => e.difficulty)),
        fixes,
      });
      return;
    }
    for (const next of graph.out(last.to)) if (!run.includes(next)) walk([...run, next]);
  };
  for (const e of graph.edges) if (!isHub(e.from) && isHub(e.to)) walk([e]);
  return out;
}

/** The nodes a step leaves from and arrives at; `undefined` for "any" (the far side of a multi-hub run). */
export interface StepEnds {
  from: ReadonlySet<string> | undefined;
  to: ReadonlySet<string> | undefined;
}

/**
 * For each edge, the (source, target) pairs it stands for: its own ends; through a hub, the hub's direct senders or
 * receivers; past a second hub, any (conservative: keep rules then forbid more, never less).
 */
export function stepEnds(edges: readonly GraphEdge[]): (edge: GraphEdge) => StepEnds {
  const senders = new Map<string, Set<string>>();
  const receivers = new Map<string, Set<string>>();
  const chained = new Set<string>(); // hubs with another hub before or after them
  for (const e of edges) {
    if (isHub(e.from) && isHub(e.to)) {
      chained.add(e.from);
      chained.add(e.to);
    } else if (isHub(e.to)) (senders.get(e.to) ?? senders.set(e.to, new Set()).get(e.to)!).add(e.from);
    else if (isHub(e.from)) (receivers.get(e.from) ?? receivers.set(e.from, new Set()).get(e.from)!).add(e.to);
  }
  const none = new Set<string>();
  const side = (id: string, direct: Map<string, Set<string>>, hubEdge: boolean) =>
    !isHub(id) ? new Set([id]) : hubEdge || !chained.has(id) ? (direct.get(id) ?? none) : undefined;
  return (e) => {
    const both = isHub(e.from) && isHub(e.to);
    return { from: side(e.from, senders, both), to: side(e.to, receivers, both) };
  };
}
