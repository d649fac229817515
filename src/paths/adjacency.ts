/**
 * Edges grouped by one of their ends, over node numbers, as offsets: the edges at node i are `list[start[i]]` to
 * `list[start[i + 1] - 1]`, in input order. The planner's searches run over graphs of a million edges many times:
 * numbers, not string maps.
 */
export interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

/** `ends[e]`: the node number edge e is grouped under (its `from` for out-edges, its `to` for in-edges). */
export function adjacencyBy(nodes: number, ends: Int32Array): Adjacency {
  const start = new Int32Array(nodes + 1);
  for (const n of ends) start[n + 1]!++;
  for (let i = 0; i < nodes; i++) start[i + 1]! += start[i]!;
  const at = start.slice(0, nodes);
  const list = new Int32Array(ends.length);
  for (let e = 0; e < ends.length; e++) list[at[ends[e]!]!++] = e;
  return { start, list };
}
