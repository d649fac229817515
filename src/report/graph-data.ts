/**
 * The attack graph the HTML report draws: the nodes and steps of the reported paths, which paths run over each step,
 * and which planned fixes remove it. Built here rather than in the page so the page's script only draws.
 */

import { nodeKindOf } from '../graph/model.js';
import { objectLabel } from './common.js';
import type { Report } from './model.js';

export interface GraphDataNode {
  id: string;
  /** DESIGN.md §4 kind (`Internet`, `Workload`, ...); `Other` for an id outside §4. */
  kind: string;
  /** A short name to print on the node; the id says the rest. */
  label: string;
  /** Where a path starts or ends. */
  source?: true;
  target?: true;
}

export interface GraphDataEdge {
  id: string;
  from: string;
  to: string;
  technique: string;
  because: string;
  /** Indexes into `paths` of the paths that run over this step. */
  paths: number[];
  /** Indexes into `fixes` of the planned fixes that remove this step. */
  fixes: number[];
}

export interface GraphDataPath {
  id: string;
  source: string;
  target: string;
  score: number;
  /** Edge ids, in step order. */
  edges: string[];
}

export interface GraphDataFix {
  id: string;
  title: string;
  object: string;
  /** Edge ids of the steps it removes. */
  edges: string[];
}

export interface GraphData {
  nodes: GraphDataNode[];
  edges: GraphDataEdge[];
  paths: GraphDataPath[];
  fixes: GraphDataFix[];
}

/** `Workload:shop/Deployment/web` → `Deployment web`; a cloud role's ARN → its last part. */
export function nodeLabel(id: string): string {
  const colon = id.indexOf(':');
  if (colon < 0) return id;
  const rest = id.slice(colon + 1);
  switch (id.slice(0, colon)) {
    case 'Workload':
    case 'Container': {
      const [, kind, ...name] = rest.split('/');
      return kind && name.length > 0 ? `${kind} ${name.join('/')}` : rest;
    }
    case 'CloudIdentity':
      return rest.slice(rest.lastIndexOf(':') + 1) || rest;
    case 'Node':
      return rest === '*' ? 'any node' : rest;
    default:
      return rest;
  }
}

const stepKey = (s: { from: string; technique: string; to: string }): string =>
  JSON.stringify([s.from, s.technique, s.to]);

export function buildGraphData(report: Report): GraphData {
  const nodes = new Map<string, GraphDataNode>();
  const node = (id: string): GraphDataNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, kind: nodeKindOf(id) ?? 'Other', label: nodeLabel(id) }));
    return n;
  };
  const edges = new Map<string, GraphDataEdge>();
  const paths = report.paths.map((path, index): GraphDataPath => {
    node(path.source).source = true;
    node(path.target).target = true;
    const ids = path.steps.map((step) => {
      node(step.from);
      node(step.to);
      const key = stepKey(step);
      let edge = edges.get(key);
      if (!edge) {
        const { from, technique, to, because } = step;
        edges.set(key, (edge = { id: `e${edges.size}`, from, to, technique, because, paths: [], fixes: [] }));
      }
      if (!edge.paths.includes(index)) edge.paths.push(index);
      return edge.id;
    });
    return { id: path.id, source: path.source, target: path.target, score: path.score, edges: ids };
  });
  const fixes = report.plan.fixes.map((fix, index): GraphDataFix => {
    // Only the steps the plan names: a fix is never drawn on a step by guessing from its technique.
    const cut = (fix.steps ?? []).flatMap((step) => edges.get(stepKey(step)) ?? []);
    for (const edge of cut) edge.fixes.push(index);
    return { id: fix.id, title: fix.title ?? fix.id, object: objectLabel(fix.object), edges: cut.map((e) => e.id) };
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()], paths, fixes };
}
