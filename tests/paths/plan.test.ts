import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackGraph, type FixOption, type NodeKind } from '../../src/graph/model.js';
import { findPaths, standardTargets } from '../../src/paths/find.js';
import { parseKeep, NO_KEEP, type KeepRules } from '../../src/paths/keep.js';
import { draftPlan, finishPlan, removeFixedEdges } from '../../src/paths/plan.js';

/** Nodes reachable from `sources` over the graph's edges (the reference the plan is checked against). */
function reachable(graph: AttackGraph, sources: readonly string[]): Set<string> {
  const seen = new Set(sources);
  const queue = [...sources];
  while (queue.length > 0) {
    for (const edge of graph.out(queue.pop()!)) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

interface Spec {
  nodes: number;
  edges: { from: number; to: number; difficulty: number; fixes: number[] }[];
  fixCosts: number[];
  kept: number[];
}

const KINDS: NodeKind[] = ['Workload', 'ServiceAccount', 'Endpoint'];

/** Node 0 is the Internet, 1 ClusterAdmin, 2 Node:*; the rest are workloads, accounts and endpoints. */
function build(spec: Spec): { graph: AttackGraph; keep: KeepRules } {
  const graph = new AttackGraph();
  const id = (i: number): string =>
    i === 0 ? 'Internet' : i === 1 ? 'ClusterAdmin' : i === 2 ? 'Node:*' : `${KINDS[i % 3]!}:ns/n${i}`;
  const kind = (i: number): NodeKind =>
    i === 0 ? 'Internet' : i === 1 ? 'ClusterAdmin' : i === 2 ? 'Node' : KINDS[i % 3]!;
  for (let i = 0; i < spec.nodes; i++) graph.addNode({ id: id(i), kind: kind(i) });
  const fix = (f: number): FixOption => ({
    id: `fix-${f}`,
    title: `fix ${f}`,
    cost: spec.fixCosts[f]!,
    object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: `o${f}` },
    patch: { data: { f: String(f) } },
  });
  spec.edges.forEach((e, i) => {
    const from = e.from % spec.nodes;
    const to = e.to % spec.nodes;
    if (from === to || from === 1 || from === 2) return; // targets lead nowhere here, except through other steps
    graph.addEdge({
      from: id(from),
      to: id(to),
      technique: `T${i % 4}`,
      because: `edge ${i}`,
      difficulty: e.difficulty,
      fixes: [...new Set(e.fixes.map((f) => f % spec.fixCosts.length))].map(fix),
    });
  });
  const keep = parseKeep({ objects: spec.kept.map((k) => `ConfigMap/ns/o${k % spec.fixCosts.length}`) }).keep;
  return { graph, keep };
}

const specs = fc.record({
  nodes: fc.integer({ min: 3, max: 9 }),
  edges: fc.array(
    fc.record({
      from: fc.nat(20),
      to: fc.nat(20),
      difficulty: fc.double({ min: 0, max: 0.95, noNaN: true }),
      fixes: fc.array(fc.nat(20), { maxLength: 3 }),
    }),
    { maxLength: 22 },
  ),
  fixCosts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
  kept: fc.array(fc.nat(20), { maxLength: 2 }),
});

test('after the plan no source reaches a target, except paths a keep or a fixless step protects, each reported', () => {
  fc.assert(
    fc.property(specs, fc.boolean(), (spec, useKeep) => {
      const { graph, keep } = build(spec);
      const rules = useKeep ? keep : NO_KEEP;
      const sources = ['Internet'];
      const targets = standardTargets(graph);
      const before = findPaths(graph, sources, targets);
      const draft = draftPlan(graph, sources, targets, before.routes, rules);
      const chosen = new Set(draft.fixes.map((f) => f.option.id));
      for (const id of chosen) assert.ok(!draft.forbidden.has(id), `forbidden fix ${id} chosen`);
      const after = removeFixedEdges(graph, chosen);
      const plan = finishPlan(draft, before.paths.length, after, sources, targets);
      const reached = reachable(after, sources);
      const stillReached = targets.filter((t) => reached.has(t));
      // Every target still reached is one the planner declared uncuttable, and its paths are listed with a reason.
      assert.deepEqual(stillReached, [...draft.uncuttable].sort());
      assert.equal(plan.pathsAfter, plan.kept.length);
      for (const target of stillReached) assert.ok(plan.kept.some((k) => k.path.target === target));
      for (const kept of plan.kept) assert.ok(kept.blockedBy.length > 0, JSON.stringify(kept));
      // Irredundant: dropping any one fix leaves a path to a target that was cut.
      const cuttable = targets.filter((t) => !draft.uncuttable.includes(t));
      for (const id of chosen) {
        const fewer = new Set([...chosen].filter((c) => c !== id));
        const open = reachable(removeFixedEdges(graph, fewer), sources);
        assert.ok(
          cuttable.some((t) => open.has(t)),
          `${id} is redundant`,
        );
      }
      // Each path's steps chain from its source to its target.
      for (const path of before.paths) {
        assert.equal(path.steps[0]!.from, path.source);
        assert.equal(path.steps.at(-1)!.to, path.target);
        for (let i = 1; i < path.steps.length; i++) assert.equal(path.steps[i]!.from, path.steps[i - 1]!.to);
      }
    }),
    { numRuns: 300 },
  );
});

test('paths are deduplicated, bounded and folded over parallel techniques', () => {
  const graph = new AttackGraph();
  for (const id of ['Internet', 'Endpoint:a/b:80', 'Workload:a/Deployment/b', 'Node:*'])
    graph.addNode({ id, kind: id === 'Node:*' ? 'Node' : id === 'Internet' ? 'Internet' : 'Workload' });
  const fix = (id: string, cost: number): FixOption => ({ id, title: id, cost });
  graph.addEdge({
    from: 'Internet',
    to: 'Endpoint:a/b:80',
    technique: 'EXPOSED_ENDPOINT',
    because: 'lb',
    difficulty: 0.1,
    fixes: [fix('f1', 5)],
  });
  graph.addEdge({
    from: 'Endpoint:a/b:80',
    to: 'Workload:a/Deployment/b',
    technique: 'ENDPOINT_EXPLOIT',
    because: 'svc',
    difficulty: 0.3,
    fixes: [],
  });
  for (const [t, d] of [
    ['CE_PRIV_MOUNT', 0.2],
    ['CE_MODULE_LOAD', 0.4],
    ['EXPLOIT_HOST_WRITE', 0.3],
  ] as const)
    graph.addEdge({
      from: 'Workload:a/Deployment/b',
      to: 'Node:*',
      technique: t,
      because: t.toLowerCase(),
      difficulty: d,
      fixes: [fix(`g-${t}`, 1)],
    });
  const { paths, routes } = findPaths(graph, ['Internet'], ['Node:*']);
  assert.equal(paths.length, 1);
  assert.equal(paths[0]!.steps[2]!.technique, 'CE_PRIV_MOUNT');
  assert.match(paths[0]!.steps[2]!.because, /also CE_MODULE_LOAD, EXPLOIT_HOST_WRITE/);
  // Cutting needs all three parallel techniques (3) or the exposure (5): the cheaper is taken.
  const draft = draftPlan(graph, ['Internet'], ['Node:*'], routes);
  assert.deepEqual(draft.fixes.map((f) => f.option.id).sort(), [
    'g-CE_MODULE_LOAD',
    'g-CE_PRIV_MOUNT',
    'g-EXPLOIT_HOST_WRITE',
  ]);
  assert.equal(draft.fixes.find((f) => f.option.id === 'g-CE_PRIV_MOUNT')!.cuts, 1);
  // Keeping the workload's privileges routes the plan around them.
  const keep = parseKeep({ capabilities: ['Workload:a/Deployment/b CE_MODULE_LOAD'] }).keep;
  const routed = draftPlan(graph, ['Internet'], ['Node:*'], routes, keep);
  assert.deepEqual(
    routed.fixes.map((f) => f.option.id),
    ['f1'],
  );
  // Keeping the exposure too leaves the path, reported with both rules.
  const both = parseKeep({ capabilities: ['Workload:a/Deployment/b CE_MODULE_LOAD'], exposures: ['a/b'] }).keep;
  const blocked = draftPlan(graph, ['Internet'], ['Node:*'], routes, both);
  assert.deepEqual(blocked.uncuttable, ['Node:*']);
  const plan = finishPlan(
    blocked,
    1,
    removeFixedEdges(graph, new Set(blocked.fixes.map((f) => f.option.id))),
    ['Internet'],
    ['Node:*'],
  );
  assert.equal(plan.pathsAfter, 1);
  assert.ok(plan.kept[0]!.blockedBy.some((r) => r.includes('exposure a/b')));
  assert.ok(plan.kept[0]!.blockedBy.some((r) => r.includes('no fix removes ENDPOINT_EXPLOIT')));
});

test('many sources and targets: each pair keeps its best path and the list is capped', () => {
  const graph = new AttackGraph();
  graph.addNode({ id: 'Internet', kind: 'Internet' });
  graph.addNode({ id: 'ClusterAdmin', kind: 'ClusterAdmin' });
  for (let i = 0; i < 30; i++) {
    graph.addNode({ id: `Workload:ns/Deployment/w${i}`, kind: 'Workload' });
    graph.addNode({ id: `Node:n${i}`, kind: 'Node' });
  }
  for (let i = 0; i < 30; i++) {
    graph.addEdge({
      from: 'Internet',
      to: `Workload:ns/Deployment/w${i}`,
      technique: 'X',
      because: '',
      difficulty: 0.5,
      fixes: [],
    });
    for (let j = 0; j < 30; j += 7)
      graph.addEdge({
        from: `Workload:ns/Deployment/w${i}`,
        to: `Node:n${j}`,
        technique: 'Y',
        because: '',
        difficulty: 0.1,
        fixes: [],
      });
  }
  const targets = standardTargets(graph);
  const result = findPaths(graph, ['Internet'], targets, { maxPaths: 50 });
  assert.equal(result.pairs, 5);
  assert.ok(result.paths.length <= 50);
  assert.equal(new Set(result.paths.map((p) => p.id)).size, result.paths.length);
  for (const t of ['Node:n0', 'Node:n7', 'Node:n14', 'Node:n21', 'Node:n28'])
    assert.ok(result.paths.some((p) => p.target === t));
});
