/**
 * The plan: the cheapest set of fixes that cuts every path from the sources to the targets (planCut), each a ready
 * patch, ordered by paths cut per cost, and verified by searching again in the cluster the fixes produce.
 */

import { AttackGraph, type FixOption, type GraphEdge } from '../graph/model.js';
import { isHub, readableSteps, stepEnds } from '../graph/steps.js';
import type { Fix, FixStep, KeptPath, Plan } from '../report/model.js';
import { planCut, type CutMethod } from './cut.js';
import { fixAction, createdRef } from './apply.js';
import { findPaths, type PathSearchOptions } from './find.js';
import { isEmptyKeep, keepBlocking, NO_KEEP, type KeepRules } from './keep.js';

export interface PlannedFix {
  option: FixOption;
  /** Reported paths that run over an edge this fix removes. */
  cuts: number;
  techniques: string[];
  /** The steps of reported paths this fix removes (for drawing the cut), each once, in path order. */
  steps?: FixStep[];
}

export interface PlanDraft {
  fixes: PlannedFix[];
  method: CutMethod;
  /** Targets some source still reaches whatever allowed fixes are taken. */
  uncuttable: string[];
  /** Forbidden fix ids and the keep rule behind each. */
  forbidden: Map<string, string>;
}

/** Every fix id a keep rule forbids, with the rule. */
export function forbiddenFixes(graph: AttackGraph, keep: KeepRules): Map<string, string> {
  const forbidden = new Map<string, string>();
  if (isEmptyKeep(keep)) return forbidden;
  const ends = stepEnds(graph.edges);
  for (const edge of graph.edges) {
    for (const fix of edge.fixes) {
      if (forbidden.has(fix.id)) continue;
      const rule = keepBlocking(keep, edge, fix, ends(edge));
      if (rule) forbidden.set(fix.id, rule);
    }
  }
  return forbidden;
}

const stepKey = (from: string, technique: string, to: string): string => `${from}\u0000${technique}\u0000${to}`;

/** Chooses the fixes (planCut) and orders them by reported paths (their graph edges: `routes`) cut per cost. */
export function draftPlan(
  graph: AttackGraph,
  sources: readonly string[],
  targets: readonly string[],
  routes: readonly (readonly GraphEdge[])[],
  keep: KeepRules = NO_KEEP,
): PlanDraft {
  const forbidden = forbiddenFixes(graph, keep);
  const cut = planCut({
    edges: graph.edges,
    sources,
    targets,
    forbidden: new Set(forbidden.keys()),
    numbering: graph.numbering(),
  });
  const chosen = new Set(cut.fixes);
  const options = new Map<string, FixOption>();
  const removedBy = new Map<string, string[]>(); // step key → the chosen fixes that remove it
  const techniques = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    for (const fix of edge.fixes) {
      if (!chosen.has(fix.id)) continue;
      if (!options.has(fix.id)) options.set(fix.id, fix);
      const key = stepKey(edge.from, edge.technique, edge.to);
      (removedBy.get(key) ?? removedBy.set(key, []).get(key)!).push(fix.id);
      (techniques.get(fix.id) ?? techniques.set(fix.id, new Set()).get(fix.id)!).add(edge.technique);
    }
  }
  // A route folds parallel techniques: its edge is cut when the fix removes the technique it names. The reported
  // steps a fix removes: a step folded from hub hops is removed when one of its hops is.
  const cuts = new Map<string, number>();
  const cutSteps = new Map<string, Map<string, FixStep>>();
  for (const route of routes) {
    const readable = readableSteps(route);
    const cutHere = new Set<string>();
    let index = 0;
    for (const e of route) {
      const s = readable[index]!;
      for (const id of removedBy.get(stepKey(e.from, e.technique, e.to)) ?? []) {
        cutHere.add(id);
        const steps = cutSteps.get(id) ?? cutSteps.set(id, new Map()).get(id)!;
        steps.set(stepKey(s.from, s.technique, s.to), { from: s.from, technique: s.technique, to: s.to });
      }
      if (!isHub(e.to)) index++;
    }
    for (const id of cutHere) cuts.set(id, (cuts.get(id) ?? 0) + 1);
  }
  const fixes: PlannedFix[] = cut.fixes.map((id) => ({
    option: options.get(id)!,
    cuts: cuts.get(id) ?? 0,
    techniques: [...techniques.get(id)!].sort(),
    steps: [...(cutSteps.get(id)?.values() ?? [])],
  }));
  fixes.sort(
    (a, b) =>
      b.cuts / Math.max(b.option.cost, 1e-9) - a.cuts / Math.max(a.option.cost, 1e-9) ||
      a.option.cost - b.option.cost ||
      (a.option.id < b.option.id ? -1 : 1),
  );
  return { fixes, method: cut.method, uncuttable: cut.uncuttable, forbidden };
}

/** The graph without the edges the fixes remove: verification when no inventory is at hand (hand-made graphs). */
export function removeFixedEdges(graph: AttackGraph, fixIds: ReadonlySet<string>): AttackGraph {
  const out = new AttackGraph();
  for (const node of graph.nodes.values()) out.addNode(node);
  for (const edge of graph.edges) if (!edge.fixes.some((f) => fixIds.has(f.id))) out.addEdge(edge);
  return out;
}

/** Why a path (its graph edges) survives the plan: the keep rules forbidding the fixes of its steps, or no fix. */
export function survivalReasons(
  after: AttackGraph,
  route: readonly GraphEdge[],
  forbidden: ReadonlyMap<string, string>,
): string[] {
  const reasons = new Set<string>();
  for (const step of route) {
    // The folded step stands for every parallel technique between the same nodes.
    const parallel: GraphEdge[] = after.out(step.from).filter((e) => e.to === step.to);
    for (const edge of parallel) {
      if (edge.fixes.length === 0) reasons.add(`no fix removes ${edge.technique} ${edge.from} → ${edge.to}`);
      for (const fix of edge.fixes) {
        const rule = forbidden.get(fix.id);
        if (rule) reasons.add(`keep ${rule} (forbids ${fix.id})`);
      }
    }
  }
  return [...reasons].sort();
}

export function toReportFix(planned: PlannedFix): Fix {
  const { option } = planned;
  const action = fixAction(option);
  const object = option.object ?? createdRef(option);
  return {
    id: option.id,
    title: option.title,
    action,
    object: object ? { ...object } : {},
    patch: option.patch ?? {},
    cost: option.cost,
    cuts: planned.cuts,
    techniques: planned.techniques,
    ...(planned.steps ? { steps: planned.steps } : {}),
  };
}

/**
 * The report's plan: the draft's fixes, and the search repeated on `after` (the graph of the fixed cluster). Paths
 * still found are listed in `kept` with what blocks their cut.
 */
export function finishPlan(
  draft: PlanDraft,
  pathsBefore: number,
  after: AttackGraph,
  sources: readonly string[],
  targets: readonly string[],
  search: PathSearchOptions = {},
): Plan {
  const { paths: survivors, routes } = findPaths(after, sources, targets, search);
  const kept: KeptPath[] = survivors.map((path, i) => {
    const route = routes[i]!;
    const blockedBy = survivalReasons(after, route, draft.forbidden);
    // A path that could be cut on its own, to a target another path keeps reachable whatever is done.
    if (blockedBy.length === 0 && draft.uncuttable.includes(path.target)) {
      blockedBy.push(`${path.target} stays reachable by another path that no allowed fix cuts`);
    }
    if (blockedBy.length === 0) {
      const chosen = new Set(draft.fixes.map((f) => f.option.id));
      const claimed = route.flatMap((step) =>
        after
          .out(step.from)
          .filter((e) => e.to === step.to)
          .flatMap((e) => e.fixes.filter((f) => chosen.has(f.id)).map((f) => f.id)),
      );
      blockedBy.push(
        claimed.length > 0
          ? `verification: ${[...new Set(claimed)].join(', ')} did not remove this path in the re-analysed cluster`
          : 'verification: the re-analysed cluster has this path, which the plan did not foresee',
      );
    }
    return { path, blockedBy };
  });
  return {
    method: draft.method,
    fixes: draft.fixes.map(toReportFix),
    pathsBefore,
    pathsAfter: survivors.length,
    kept,
  };
}
