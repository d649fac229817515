/** The attack graph: node ids are the stable strings of DESIGN.md §4; edges come from the technique registry. */

export type NodeKind =
  | 'Internet'
  | 'Endpoint'
  | 'Workload'
  | 'Container'
  | 'Node'
  | 'ServiceAccount'
  | 'User'
  | 'Group'
  | 'ClusterAdmin'
  | 'Secret'
  | 'CloudIdentity'
  /**
   * A routing node that stands for a set of targets many sources share (every node, the workloads of a namespace, a
   * network class): edges go source → hub → each target instead of one per pair. Never a step of a path (steps.ts).
   */
  | 'Hub';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  crownJewel?: boolean;
}

/** The node kind a §4 id names (`Workload:ns/Kind/name` → `Workload`); undefined for ids outside §4. */
export function nodeKindOf(id: string): NodeKind | undefined {
  if (id === 'Internet' || id === 'ClusterAdmin') return id;
  const colon = id.indexOf(':');
  const kind = colon < 0 ? '' : id.slice(0, colon);
  switch (kind) {
    case 'Endpoint':
    case 'Workload':
    case 'Container':
    case 'Node':
    case 'ServiceAccount':
    case 'User':
    case 'Group':
    case 'Secret':
    case 'CloudIdentity':
    case 'Hub':
      return kind;
    default:
      return undefined;
  }
}

/** One change that removes edges: a patch to an object, or a new object (a NetworkPolicy, say). */
export interface FixOption {
  /** Stable id: the same change found from two edges is one fix. */
  id: string;
  title: string;
  /** How disruptive the change is: dropping a capability is cheap, deleting a binding a controller uses is not. */
  cost: number;
  object?: ObjectRef;
  patch?: Record<string, unknown>;
  /**
   * What to do with `object`: apply `patch` as a strategic-merge patch (the default), create `patch` as a new object
   * (a NetworkPolicy), or delete the object (`patch` absent).
   */
  action?: 'patch' | 'create' | 'delete';
}

export interface GraphEdge {
  from: string;
  to: string;
  technique: string;
  /** The facts that make the step possible, for people. */
  because: string;
  /** 0 (trivial) to 1 (very hard): the step's difficulty, from the technique. */
  difficulty: number;
  /**
   * The fixes that remove this edge; each alone is enough. Empty when nothing can (it can only be routed around).
   * Arrays are shared between edges: replace, never change in place.
   */
  fixes: readonly FixOption[];
  /** The workload's container the step rests on, when it is one container's doing. */
  container?: string;
}

/** The graph over numbers: node ids by number, and each edge's ends (by edge position) as node numbers. */
export interface GraphNumbering {
  ids: readonly string[];
  numbers: ReadonlyMap<string, number>;
  from: Int32Array;
  to: Int32Array;
}

/** A directed multigraph with adjacency lists, built once and read by search and planning. */
export class AttackGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  /** Out-edges by the node's number. */
  private readonly outgoing: GraphEdge[][] = [];
  // Node ids by number, and the edges' ends as numbers, kept as edges are added (the lookups are made anyway).
  private readonly ids: string[] = [];
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  private numbered: GraphNumbering | undefined;
  /**
   * Edges by `from`'s index, then (to, technique) as one number: no key string per edge (graphs reach millions of
   * edges), and inner keys small enough to stay small integers (a big number key costs an allocation per lookup).
   */
  private readonly byKey = new Map<number, Map<number, GraphEdge>>();
  private readonly nodeIndex = new Map<string, number>();
  private readonly techniqueIndex = new Map<string, number>();

  addNode(node: GraphNode): void {
    const existing = this.nodes.get(node.id);
    if (!existing) {
      this.nodes.set(node.id, node);
      this.nodeIndex.set(node.id, this.nodeIndex.size);
      this.ids.push(node.id);
      this.numbered = undefined;
    } else if (node.crownJewel) existing.crownJewel = true;
  }

  private techniqueOf(technique: string): number {
    let k = this.techniqueIndex.get(technique);
    if (k === undefined) this.techniqueIndex.set(technique, (k = this.techniqueIndex.size));
    return k;
  }

  /** A node's number (the order nodes were added in), or undefined when it is not in the graph. */
  numberOf(id: string): number | undefined {
    return this.nodeIndex.get(id);
  }

  /**
   * Adds an edge once per (from, technique, to); both ends must be nodes already. Returns the edge already there
   * for the same step, if any (the new one is then not added).
   */
  addEdge(edge: GraphEdge): GraphEdge | undefined {
    const f = this.nodeIndex.get(edge.from);
    const t = this.nodeIndex.get(edge.to);
    if (f === undefined || t === undefined) {
      throw new Error(`edge ${edge.from} -[${edge.technique}]-> ${edge.to} names a node that is not in the graph`);
    }
    return this.addNumberedEdge(edge, f, t);
  }

  /** addEdge for a builder that has the ends' numbers (numberOf) already: 734k edges at 100k pods. */
  addNumberedEdge(edge: GraphEdge, f: number, t: number): GraphEdge | undefined {
    let row = this.byKey.get(f);
    if (!row) this.byKey.set(f, (row = new Map()));
    const key = t * 1024 + this.techniqueOf(edge.technique);
    const existing = row.get(key);
    if (existing) return existing;
    row.set(key, edge);
    this.edges.push(edge);
    this.edgeFrom.push(f);
    this.edgeTo.push(t);
    this.numbered = undefined;
    const list = this.outgoing[f];
    if (list) list.push(edge);
    else this.outgoing[f] = [edge];
    return undefined;
  }

  out(node: string): readonly GraphEdge[] {
    const n = this.nodeIndex.get(node);
    return (n !== undefined && this.outgoing[n]) || [];
  }

  /** The graph over numbers (made once until the graph grows): searches and the cut need no string lookups. */
  numbering(): GraphNumbering {
    return (this.numbered ??= {
      ids: this.ids,
      numbers: this.nodeIndex,
      from: Int32Array.from(this.edgeFrom),
      to: Int32Array.from(this.edgeTo),
    });
  }
}
