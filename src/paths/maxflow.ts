/**
 * Maximum flow by Dinic's algorithm on a small integer-indexed network, and the minimum cut it proves. Capacities
 * may be Infinity (arcs that cannot be cut). Written here because the planner needs the cut itself, not only its
 * value, on graphs of a few thousand nodes; no maintained npm package offers that.
 */
export class FlowNetwork {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  private readonly capacity: number[] = [];

  constructor(readonly size: number) {
    this.head = new Array<number>(size).fill(-1);
  }

  /** Adds an arc and returns its index (the reverse arc is index ^ 1). */
  addArc(from: number, to: number, capacity: number): number {
    const index = this.to.length;
    this.push(from, to, capacity);
    this.push(to, from, 0);
    return index;
  }

  private push(from: number, to: number, capacity: number): void {
    this.to.push(to);
    this.capacity.push(capacity);
    this.next.push(this.head[from]!);
    this.head[from] = this.to.length - 1;
  }

  /** Pushes the maximum flow from source to sink; returns its value (Infinity when no finite cut exists). */
  maxFlow(source: number, sink: number): number {
    let total = 0;
    for (;;) {
      const level = this.levels(source);
      if (level[sink] === -1) return total;
      const cursor = [...this.head];
      for (;;) {
        const pushed = this.augment(source, sink, Infinity, level, cursor);
        if (pushed === 0) break;
        if (pushed === Infinity) return Infinity;
        total += pushed;
      }
    }
  }

  private levels(source: number): number[] {
    const level = new Array<number>(this.size).fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      for (let arc = this.head[node]!; arc !== -1; arc = this.next[arc]!) {
        const target = this.to[arc]!;
        if (this.capacity[arc]! > 0 && level[target] === -1) {
          level[target] = level[node]! + 1;
          queue.push(target);
        }
      }
    }
    return level;
  }

  // Depth is bounded by the BFS level of the sink, at most the node count; planner graphs are small enough.
  private augment(node: number, sink: number, limit: number, level: number[], cursor: number[]): number {
    if (node === sink) return limit;
    for (; cursor[node] !== -1; cursor[node] = this.next[cursor[node]!]!) {
      const arc = cursor[node]!;
      const target = this.to[arc]!;
      if (this.capacity[arc]! <= 0 || level[target] !== level[node]! + 1) continue;
      const pushed = this.augment(target, sink, Math.min(limit, this.capacity[arc]!), level, cursor);
      if (pushed > 0) {
        if (pushed !== Infinity) {
          this.capacity[arc] = this.capacity[arc]! - pushed;
          this.capacity[arc ^ 1] = this.capacity[arc ^ 1]! + pushed;
        }
        return pushed;
      }
    }
    return 0;
  }

  /** After maxFlow: the nodes still reachable from the source in the residual network (the source side of the cut). */
  sourceSide(source: number): boolean[] {
    const level = this.levels(source);
    return level.map((l) => l !== -1);
  }

  /** After maxFlow: the original arcs (even indices) that cross from the source side to the sink side. */
  cutArcs(source: number): number[] {
    const side = this.sourceSide(source);
    const arcs: number[] = [];
    for (let node = 0; node < this.size; node++) {
      if (!side[node]) continue;
      for (let arc = this.head[node]!; arc !== -1; arc = this.next[arc]!) {
        if (arc % 2 === 0 && !side[this.to[arc]!]) arcs.push(arc);
      }
    }
    return arcs;
  }
}
