/**
 * What changed between two inputs: attack paths opened and closed, findings added and removed. A path is new when
 * it runs over a step (from, technique, to) that lies on no source-to-target path of the base: that is the
 * pull-request gate, and the step's objects are the manifest lines that opened it. Lateral movement is compared per
 * workload pair (class hops expanded), which grows with the square of the workloads on flat networks.
 */

import type { AttackGraph, GraphEdge } from '../graph/model.js';
import type { Inventory } from '../inventory/types.js';
import type { AttackPath, Finding } from '../report/model.js';
import { expandHops } from '../graph/steps.js';
import { matchesRef } from './apply.js';
import { pathKey, toAttackPath, withParallel } from './find.js';
import { pathTo, shortestPathTree } from './search.js';

const stepKey = (e: Pick<GraphEdge, 'from' | 'technique' | 'to'>): string => `${e.from}|${e.technique}|${e.to}`;

/** Edges on some path from a source to a target. */
export function edgesOnPaths(graph: AttackGraph, sources: readonly string[], targets: readonly string[]): GraphEdge[] {
  const forward = new Set(shortestPathTree(graph, sources).distance.keys());
  const incoming = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
  const backward = new Set(targets);
  const queue = [...targets];
  while (queue.length > 0) {
    for (const e of incoming.get(queue.pop()!) ?? []) {
      if (!backward.has(e.from)) {
        backward.add(e.from);
        queue.push(e.from);
      }
    }
  }
  // An edge leaving a target still counts: a path through one target to another.
  return graph.edges.filter((e) => forward.has(e.from) && backward.has(e.to));
}

/** A manifest object behind a new step: the object a fix of the step changes, else the workload the step rests on. */
export interface StepSource {
  /** The step, `from|technique|to`, as in `newSteps`. */
  step: string;
  technique: string;
  /** `Kind/ns/name` (`Kind/name` when cluster-scoped). */
  object: string;
  file: string;
  /** 1-based line where the object starts. */
  line: number;
}

export interface OpenedPath {
  path: AttackPath;
  /** The steps not on any base path. */
  newSteps: string[];
  /**
   * `file:line` of the objects behind the new steps that are no edge of the base graph at all (when there are
   * some; else behind all new steps).
   */
  locations: string[];
  /** The same objects, one entry per (step, object), in path order. */
  sources: StepSource[];
}

export interface AttackDiff {
  opened: OpenedPath[];
  closed: AttackPath[];
  addedFindings: Finding[];
  removedFindings: Finding[];
}

function findingKey(f: Finding): string {
  return JSON.stringify([
    f.checkId,
    f.object.kind,
    f.object.namespace ?? '',
    f.object.name,
    f.container ?? '',
    f.message,
  ]);
}

const label = (o: { kind: string; namespace?: string; name: string }): string =>
  o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;

/** Where the facts of a step are written: its fixes' objects, else the workload it starts or ends at. */
function locate(inventory: Inventory, edge: GraphEdge): StepSource[] {
  const out = new Map<string, StepSource>();
  const step = { step: stepKey(edge), technique: edge.technique };
  for (const fix of edge.fixes) {
    if (!fix.object) continue;
    const object = inventory.objects.find((o) => !o.implied && matchesRef(o, fix.object!));
    if (object) out.set(label(object), { ...step, object: label(object), ...object.source });
  }
  if (out.size === 0) {
    for (const id of [edge.from, edge.to]) {
      const workload = inventory.workloads.find((w) => w.id === id);
      if (workload) out.set(label(workload), { ...step, object: label(workload), ...workload.source });
    }
  }
  // Only what the type names: the source's document index stays out.
  return [...out.values()].map(({ step, technique, object, file, line }) => ({ step, technique, object, file, line }));
}

export interface DiffSide {
  inventory: Inventory;
  graph: AttackGraph;
  sources: readonly string[];
  targets: readonly string[];
  paths: readonly AttackPath[];
  findings: readonly Finding[];
}

export function diffAttacks(baseSide: DiffSide, headSide: DiffSide, limit = 100): AttackDiff {
  // Class nodes are numbered per input: the two sides are compared as workload pairs (graph/steps.ts).
  const base = { ...baseSide, graph: expandHops(baseSide.graph) };
  const head = { ...headSide, graph: expandHops(headSide.graph) };
  const baseSteps = new Set(edgesOnPaths(base.graph, base.sources, base.targets).map(stepKey));
  const baseEdges = new Set(base.graph.edges.map(stepKey));
  const headOnPaths = edgesOnPaths(head.graph, head.sources, head.targets);
  const newEdges = headOnPaths.filter((e) => !baseSteps.has(stepKey(e)));
  const opened: OpenedPath[] = [];
  const seen = new Set<string>();
  // Searches take the most likely of parallel edges; the steps around the new one name the others (withParallel).
  const fromSources = shortestPathTree(head.graph, head.sources);
  const targetSet = new Set(head.targets);
  for (const edge of newEdges) {
    if (opened.length >= limit) break;
    // The most likely path through the new step: sources → edge.from, the step, edge.to → the nearest target.
    const reached = pathTo(fromSources, edge.from);
    const before = reached && withParallel(head.graph, reached);
    if (!before) continue;
    let after: GraphEdge[] | undefined;
    if (targetSet.has(edge.to)) after = [];
    else {
      const tree = shortestPathTree(head.graph, [edge.to]);
      const nearest = head.targets
        .filter((t) => tree.distance.has(t))
        .sort((a, b) => tree.distance.get(a)! - tree.distance.get(b)!)[0];
      const onward = nearest ? pathTo(tree, nearest) : undefined;
      after = onward && withParallel(head.graph, onward);
    }
    if (!after) continue;
    const edges = [...before, edge, ...after];
    if (new Set([edges[0]!.from, ...edges.map((e) => e.to)]).size !== edges.length + 1) continue; // not loopless
    const key = pathKey(edges);
    if (seen.has(key)) continue;
    seen.add(key);
    const source = edges[0]!.from;
    const newSteps = edges.map(stepKey).filter((k) => !baseSteps.has(k));
    // The lines that opened it are those behind the edges the base lacks altogether; an edge the base had off its
    // paths (an exposure leading nowhere until this change) is written in a file the change may not touch.
    const added = edges.filter((e) => !baseEdges.has(stepKey(e)));
    const opening = added.length > 0 ? added : edges.filter((e) => !baseSteps.has(stepKey(e)));
    const sources = opening.flatMap((e) => locate(head.inventory, e));
    const locations = [...new Set(sources.map((s) => `${s.file}:${s.line}`))];
    opened.push({ path: toAttackPath(source, edges), newSteps, locations, sources });
  }
  const headIds = new Set(head.paths.map((p) => p.id));
  const headSteps = new Set(headOnPaths.map(stepKey));
  const closed = base.paths.filter((p) => !headIds.has(p.id) && p.steps.some((s) => !headSteps.has(stepKey(s))));
  const baseFindings = new Set(base.findings.map(findingKey));
  const headFindings = new Set(head.findings.map(findingKey));
  return {
    opened,
    closed,
    addedFindings: head.findings.filter((f) => !baseFindings.has(findingKey(f))),
    removedFindings: base.findings.filter((f) => !headFindings.has(findingKey(f))),
  };
}
