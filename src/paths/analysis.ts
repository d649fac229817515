/**
 * The attack-graph stages of a scan, as one call: build the graph, search the paths, plan the cut, apply the plan to
 * the inventory in memory and search again. The graph builder is passed in so tests can use hand-made graphs.
 */

import type { AttackGraph } from '../graph/model.js';
import { rebuildInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import type { AttackPath, Plan } from '../report/model.js';
import { applyFixes, type AppliedFixes } from './apply.js';
import { findPaths, resolveSources, standardTargets, type PathSearchOptions, type SourceOptions } from './find.js';
import { NO_KEEP, type KeepRules } from './keep.js';
import { draftPlan, finishPlan } from './plan.js';

export type GraphBuilder = (inventory: Inventory) => AttackGraph;

export interface AttackAnalysisOptions extends SourceOptions {
  search?: PathSearchOptions;
  keep?: KeepRules;
  /** Extra targets (node ids), beside the standard ones. */
  targets?: readonly string[];
  /** Skip planning (the `paths` command). */
  noPlan?: boolean;
  /** Runs each stage; `scan` passes its StageTimer so the stages are timed as `graph`, `paths`, `plan`. */
  stage?: <T>(name: string, work: () => T) => Promise<T>;
}

export interface AttackAnalysis {
  graph: AttackGraph;
  sources: string[];
  targets: string[];
  /** `--from` names that match no node. */
  unknownSources: string[];
  paths: AttackPath[];
  pairs: number;
  plan?: Plan;
  /** The inventory with the plan applied, and what applying it did. */
  applied?: AppliedFixes & { inventory: Inventory };
}

/** Whether any source still reaches any target: when none does, verification has nothing to re-plan. */
function anyPath(graph: AttackGraph, sources: readonly string[], targets: readonly string[]): boolean {
  const goal = new Set(targets);
  const seen = new Set(sources.filter((s) => graph.nodes.has(s)));
  const queue = [...seen];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (goal.has(node)) return true;
    for (const edge of graph.out(node)) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return false;
}

const direct = <T>(_name: string, work: () => T): Promise<T> => Promise.resolve(work());

/** Targets: the standard ones of `graph` plus the user's, those that are nodes of it. */
function targetsOf(graph: AttackGraph, extra: readonly string[]): string[] {
  return [...new Set([...standardTargets(graph), ...extra.filter((t) => graph.nodes.has(t))])].sort();
}

export async function analyzeAttacks(
  inventory: Inventory,
  build: GraphBuilder,
  options: AttackAnalysisOptions = {},
): Promise<AttackAnalysis> {
  const stage = options.stage ?? direct;
  const graph = await stage('graph', () => build(inventory));
  const { sources, unknown } = resolveSources(graph, options);
  const targets = targetsOf(graph, options.targets ?? []);
  const found = await stage('paths', () => findPaths(graph, sources, targets, options.search));
  const result: AttackAnalysis = {
    graph,
    sources,
    targets,
    unknownSources: unknown,
    paths: found.paths,
    pairs: found.pairs,
  };
  if (options.noPlan) return result;
  await stage('plan', () => {
    const keep = options.keep ?? NO_KEEP;
    const draft = draftPlan(graph, sources, targets, found.routes, keep);
    // Verification may find a way the graph of the fixed cluster opens that the first graph did not show (a fix that
    // moves a step rather than removing it): plan again on that graph and add its fixes, a few rounds at most.
    let applied = applyFixes(
      inventory.objects,
      draft.fixes.map((f) => f.option),
    );
    let fixed = rebuildInventory(inventory, applied.objects);
    let after = build(fixed);
    for (let round = 0; round < 3; round++) {
      if (!anyPath(after, sources, targetsOf(after, targets))) break;
      const more = draftPlan(
        after,
        sources.filter((x) => after.nodes.has(x)),
        targetsOf(after, targets),
        [],
        keep,
      );
      const known = new Set(draft.fixes.map((f) => f.option.id));
      const added = more.fixes.filter((f) => !known.has(f.option.id));
      if (added.length === 0) break;
      draft.fixes.push(...added);
      for (const [id, rule] of more.forbidden) draft.forbidden.set(id, rule);
      applied = applyFixes(
        inventory.objects,
        draft.fixes.map((f) => f.option),
      );
      fixed = rebuildInventory(inventory, applied.objects);
      after = build(fixed);
    }
    // The same sources and targets, where they still exist: a fix does not remove the Internet or a node.
    const afterSources = sources.filter((x) => after.nodes.has(x));
    const afterTargets = targetsOf(after, targets);
    result.plan = finishPlan(draft, found.paths.length, after, afterSources, afterTargets, options.search);
    result.applied = { ...applied, inventory: fixed };
  });
  return result;
}
