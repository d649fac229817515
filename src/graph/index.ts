/**
 * The attack graph builder: every technique of the registry (techniques/index.ts) run over one inventory and the
 * analyzers' outputs, node ids as DESIGN.md §4 says. See README.md in this folder for the technique list.
 */
import type { Inventory, KubeObject } from '../inventory/types.js';
import { TechniqueContext, type GraphSettings } from './context.js';
import { allOf } from './fixes.js';
import { AttackGraph, nodeKindOf, type FixOption, type GraphEdge } from './model.js';
import { TECHNIQUES } from './techniques/index.js';

export { TechniqueContext, type GraphSettings, type PodIdentityAssociation } from './context.js';
export { AttackGraph, nodeKindOf, type FixOption, type GraphEdge, type GraphNode, type NodeKind } from './model.js';
export { TECHNIQUES, TECHNIQUE_BY_ID, type Technique, type TechniqueEdge } from './techniques/index.js';

export const CROWN_JEWEL_ANNOTATION = 'chokepoint.io/crown-jewel';

/** The fixes of an edge nothing removes (a hub's edge to each target), one array for all: edges never change theirs. */
const NO_FIXES: readonly FixOption[] = [];

/** The most combined fixes kept for a step with several reasons (one fix per reason, each combination). */
const MAX_COMBINATIONS = 16;

/**
 * Fixes removing a step that two sets of fixes each remove one reason of: one of each, applied together, kept only
 * when they patch one object (a change to several objects is no single patch; the plan then cuts elsewhere).
 */
function bothRemoved(a: readonly FixOption[], b: readonly FixOption[]): FixOption[] {
  const out = new Map<string, FixOption>();
  for (const x of a) {
    for (const y of b) {
      if (out.size >= MAX_COMBINATIONS) break;
      const both = x.id === y.id ? [x] : allOf([x, y]);
      for (const f of both) if (f.object || f.action === 'create') out.set(f.id, f);
    }
  }
  return [...out.values()];
}

/** The node id an annotated object stands for, if it is one the graph has. */
function nodeIdOf(o: KubeObject, inventory: Inventory): string | undefined {
  switch (o.kind) {
    case 'Secret':
      return `Secret:${o.namespace}/${o.name}`;
    case 'ServiceAccount':
      return `ServiceAccount:${o.namespace}/${o.name}`;
    case 'Node':
      return `Node:${o.name}`;
    default: {
      const w = inventory.workloads.find((x) => x.object === o);
      return w?.id;
    }
  }
}

export function buildAttackGraph(inventory: Inventory, settings: GraphSettings): AttackGraph {
  const ctx = new TechniqueContext(inventory, settings);
  const graph = new AttackGraph();
  /** The node's number, the node added first if need be; -1 for an id outside DESIGN.md §4. */
  const number = (id: string): number => {
    const n = graph.numberOf(id);
    if (n !== undefined) return n;
    const kind = nodeKindOf(id);
    if (!kind) return -1;
    graph.addNode({ id, kind });
    return graph.numberOf(id)!;
  };
  const ensure = (id: string): boolean => number(id) >= 0;
  /** `number` remembering its last answer: a third of consecutive edges share a start, or an end (hubs, accounts). */
  const lastNumber = (): ((id: string) => number) => {
    let last = '';
    let answer = -1;
    return (id) => (id === last ? answer : ((last = id), (answer = number(id))));
  };
  const fromNumber = lastNumber();
  const toNumber = lastNumber();
  ensure('Internet');
  ensure('ClusterAdmin');
  for (const n of ctx.nodeIds) ensure(n);
  for (const o of inventory.objects) {
    if (o.kind === 'Secret' && o.group === '' && o.namespace === 'kube-system') ensure(`Secret:kube-system/${o.name}`);
  }
  // Insiders: the people RBAC names.
  for (const s of ctx.rbac.index.subjects()) {
    if (s.kind !== 'ServiceAccount' && s.bound && !s.name.startsWith('system:')) ensure(s.id);
  }
  const expanded = new Set<string>();
  for (const t of TECHNIQUES) {
    for (const e of t.edges(ctx)) {
      const to = e.fanOut ? `Hub:${t.id}/${e.to.slice(4)}` : e.to;
      if (e.from === to) continue;
      const f = fromNumber(e.from);
      const n = f < 0 ? -1 : toNumber(to);
      if (n < 0) continue;
      const edge: GraphEdge = {
        from: e.from,
        to,
        technique: t.id,
        because: e.because,
        difficulty: e.difficulty ?? t.difficulty,
        fixes: t.fixes(e),
      };
      if (e.container !== undefined) edge.container = e.container;
      const twin = graph.addNumberedEdge(edge, f, n);
      // The same step for a second reason (another container, say): removing it takes removing both.
      if (twin) twin.fixes = bothRemoved(twin.fixes, edge.fixes);
      if (e.fanOut && !expanded.has(to)) {
        expanded.add(to);
        for (const target of e.fanOut) {
          const m = target === to ? -1 : number(target);
          if (m >= 0) {
            graph.addNumberedEdge(
              { from: to, to: target, technique: t.id, because: '', difficulty: 0, fixes: NO_FIXES },
              n,
              m,
            );
          }
        }
      }
    }
  }
  for (const o of inventory.objects) {
    if (o.annotations[CROWN_JEWEL_ANNOTATION] !== 'true') continue;
    const id = nodeIdOf(o, inventory);
    if (id && ensure(id)) graph.addNode({ id, kind: graph.nodes.get(id)!.kind, crownJewel: true });
  }
  for (const id of settings.crownJewels ?? []) {
    if (ensure(id)) graph.addNode({ id, kind: graph.nodes.get(id)!.kind, crownJewel: true });
  }
  return graph;
}

/** ClusterAdmin, every Node, the Secrets of kube-system, every CloudIdentity and the crown jewels. */
export function defaultTargets(graph: AttackGraph): string[] {
  const out: string[] = [];
  for (const n of graph.nodes.values()) {
    if (
      n.crownJewel ||
      n.kind === 'ClusterAdmin' ||
      n.kind === 'Node' ||
      n.kind === 'CloudIdentity' ||
      (n.kind === 'Secret' && n.id.startsWith('Secret:kube-system/'))
    ) {
      out.push(n.id);
    }
  }
  return out;
}

export interface SourceOptions {
  /** Node ids to start from (`--from`); replaces the Internet. */
  from?: readonly string[];
  /** Add every human User and Group the RBAC bindings name (not `system:` ones). */
  insiders?: boolean;
}

/** The Internet, or the `from` ids (those in the graph), plus the insiders when asked. */
export function defaultSources(graph: AttackGraph, options: SourceOptions = {}): string[] {
  const out = options.from && options.from.length > 0 ? options.from.filter((id) => graph.nodes.has(id)) : ['Internet'];
  if (options.insiders) {
    for (const n of graph.nodes.values()) {
      if ((n.kind === 'User' || n.kind === 'Group') && !n.id.slice(n.kind.length + 1).startsWith('system:')) {
        if (!out.includes(n.id)) out.push(n.id);
      }
    }
  }
  return out;
}
