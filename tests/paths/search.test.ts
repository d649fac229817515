import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackGraph, type GraphEdge } from '../../src/graph/model.js';
import { edgeWeight, kShortestPaths, pathScore } from '../../src/paths/search.js';

function graphOf(edges: { from: number; to: number; difficulty: number; technique: number }[]): AttackGraph {
  const graph = new AttackGraph();
  for (let i = 0; i < 6; i++) graph.addNode({ id: `n${i}`, kind: 'Workload' });
  for (const e of edges) {
    graph.addEdge({
      from: `n${e.from}`,
      to: `n${e.to}`,
      technique: `T${e.technique}`,
      because: '',
      difficulty: e.difficulty,
      fixes: [],
    });
  }
  return graph;
}

/** Reference: every loopless path from a to b, by depth-first enumeration. */
function allSimplePaths(graph: AttackGraph, from: string, to: string): GraphEdge[][] {
  const out: GraphEdge[][] = [];
  const walk = (node: string, seen: Set<string>, path: GraphEdge[]): void => {
    if (node === to) {
      out.push([...path]);
      return;
    }
    for (const edge of graph.out(node)) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      path.push(edge);
      walk(edge.to, seen, path);
      path.pop();
      seen.delete(edge.to);
    }
  };
  walk(from, new Set([from]), []);
  return out;
}

const weight = (path: readonly GraphEdge[]): number => path.reduce((s, e) => s + edgeWeight(e), 0);

test('Yen finds the k most likely loopless paths (node sequences), checked against enumerating them all', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          from: fc.nat(5),
          to: fc.nat(5),
          difficulty: fc.double({ min: 0, max: 0.9, noNaN: true }),
          technique: fc.nat(2),
        }),
        { maxLength: 16 },
      ),
      fc.integer({ min: 1, max: 5 }),
      (edges, k) => {
        const graph = graphOf(edges.filter((e) => e.from !== e.to));
        const found = kShortestPaths(graph, 'n0', 'n5', k);
        // Paths are node sequences (parallel techniques are one step): each with its most likely edges.
        const best = new Map<string, number>();
        for (const path of allSimplePaths(graph, 'n0', 'n5')) {
          const nodes = path.map((e) => e.to).join('>');
          best.set(nodes, Math.min(best.get(nodes) ?? Infinity, weight(path)));
        }
        const all = [...best.values()].sort((a, b) => a - b);
        assert.equal(found.length, Math.min(k, all.length));
        found.forEach((path, i) => {
          assert.ok(Math.abs(weight(path) - all[i]!) < 1e-9, `path ${i}: ${weight(path)} vs ${all[i]}`);
          assert.equal(path[0]!.from, 'n0');
          assert.equal(path.at(-1)!.to, 'n5');
          const nodes = ['n0', ...path.map((e) => e.to)];
          assert.equal(new Set(nodes).size, nodes.length, 'loopless');
        });
        assert.equal(new Set(found.map((p) => p.map((e) => e.to).join())).size, found.length);
      },
    ),
    { numRuns: 300 },
  );
});

test("a path scores ten times the product of its steps' chances", () => {
  const edge = (difficulty: number): GraphEdge => ({
    from: 'a',
    to: 'b',
    technique: 'T',
    because: '',
    difficulty,
    fixes: [],
  });
  assert.equal(pathScore([edge(0), edge(0)]), 10);
  assert.equal(pathScore([edge(0.5), edge(0.2)]), 4);
});
