/**
 * A binary min-heap of (priority, value) pairs: the priority queue for Dijkstra and the greedy hitting set. Equal
 * priorities are ordered by `tie` when given.
 */
export class MinHeap<T> {
  private readonly priorities: number[] = [];
  private readonly values: T[] = [];

  constructor(private readonly tie?: (a: T, b: T) => number) {}

  /** Whether entry i comes before entry j. */
  private before(i: number, j: number): boolean {
    const pi = this.priorities[i]!;
    const pj = this.priorities[j]!;
    return pi < pj || (pi === pj && this.tie !== undefined && this.tie(this.values[i]!, this.values[j]!) < 0);
  }

  /** The entry with the lowest priority, left in place. */
  peek(): { priority: number; value: T } | undefined {
    return this.values.length === 0 ? undefined : { priority: this.priorities[0]!, value: this.values[0]! };
  }

  get size(): number {
    return this.values.length;
  }

  push(priority: number, value: T): void {
    this.priorities.push(priority);
    this.values.push(value);
    let i = this.values.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the value with the lowest priority. */
  pop(): { priority: number; value: T } | undefined {
    if (this.values.length === 0) return undefined;
    const top = { priority: this.priorities[0]!, value: this.values[0]! };
    const lastPriority = this.priorities.pop()!;
    const lastValue = this.values.pop()!;
    if (this.values.length > 0) {
      this.priorities[0] = lastPriority;
      this.values[0] = lastValue;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.values.length && this.before(left, smallest)) smallest = left;
        if (right < this.values.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.priorities[a], this.priorities[b]] = [this.priorities[b]!, this.priorities[a]!];
    [this.values[a], this.values[b]] = [this.values[b]!, this.values[a]!];
  }
}
