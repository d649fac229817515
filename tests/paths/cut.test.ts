import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planCut, type CutEdge, type CutProblem } from '../../src/paths/cut.js';
import { greedy, solveHittingSet } from '../../src/paths/hitting-set.js';

/** Reference: does any source reach a target once every edge carrying one of `fixes` is gone? */
function reaches(problem: CutProblem, fixes: ReadonlySet<string>, targets: ReadonlySet<string>): boolean {
  const live = problem.edges.filter((e) => !e.fixes.some((f) => fixes.has(f.id) && !problem.forbidden?.has(f.id)));
  const seen = new Set(problem.sources);
  let grew = true;
  while (grew) {
    grew = false;
    for (const edge of live) {
      if (seen.has(edge.from) && !seen.has(edge.to)) {
        seen.add(edge.to);
        grew = true;
      }
    }
  }
  return [...targets].some((t) => seen.has(t));
}

/** Brute force over every subset of fixes: the targets no subset can cut off, and the cheapest cut of the rest. */
function bruteForce(problem: CutProblem): { uncuttable: string[]; cost: number } {
  const costs = new Map<string, number>();
  for (const edge of problem.edges)
    for (const fix of edge.fixes) if (!problem.forbidden?.has(fix.id)) costs.set(fix.id, fix.cost);
  const ids = [...costs.keys()];
  const all = new Set(ids);
  const uncuttable = problem.targets.filter((t) => reaches(problem, all, new Set([t])));
  const targets = new Set(problem.targets.filter((t) => !uncuttable.includes(t)));
  let best = Infinity;
  for (let mask = 0; mask < 1 << ids.length; mask++) {
    const chosen = new Set(ids.filter((_, i) => mask & (1 << i)));
    const cost = [...chosen].reduce((sum, id) => sum + costs.get(id)!, 0);
    if (cost < best && !reaches(problem, chosen, targets)) best = cost;
  }
  return { uncuttable: [...new Set(uncuttable)].sort(), cost: best };
}

/** Random small graphs: nodes n0..n5, edges with zero to two fixes drawn from a pool (shared or one per edge). */
const problems = fc
  .record({
    edges: fc.array(
      fc.record({
        from: fc.nat(5),
        to: fc.nat(5),
        fixes: fc.array(fc.record({ id: fc.nat(7), cost: fc.integer({ min: 1, max: 9 }) }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    unique: fc.boolean(),
    twoTargets: fc.boolean(),
    forbid: fc.option(fc.nat(7), { nil: undefined }),
  })
  .map(({ edges, unique, twoTargets, forbid }): CutProblem => {
    const costOf = new Map<number, number>();
    const cutEdges: CutEdge[] = edges.map((edge, i) => ({
      from: `n${edge.from}`,
      to: `n${edge.to}`,
      fixes: edge.fixes.map((fix, j) => {
        // A fix id has one cost wherever it appears; with `unique`, every edge gets fixes of its own.
        if (!costOf.has(fix.id)) costOf.set(fix.id, fix.cost);
        return unique ? { id: `e${i}f${j}`, cost: fix.cost } : { id: `f${fix.id}`, cost: costOf.get(fix.id)! };
      }),
    }));
    return {
      edges: cutEdges,
      sources: ['n0'],
      targets: twoTargets ? ['n5', 'n4'] : ['n5'],
      ...(forbid !== undefined ? { forbidden: new Set([unique ? `e${forbid}f0` : `f${forbid}`]) } : {}),
    };
  });

test('the plan cuts every cuttable path, at the optimum cost when solved exactly, checked by brute force', () => {
  fc.assert(
    fc.property(problems, (problem) => {
      const result = planCut(problem);
      const reference = bruteForce(problem);
      assert.deepEqual(result.uncuttable, reference.uncuttable);
      const cuttable = new Set(problem.targets.filter((t) => !reference.uncuttable.includes(t)));
      assert.ok(!reaches(problem, new Set(result.fixes), cuttable), 'a path survives the plan');
      if (result.method !== 'greedy hitting set') assert.equal(result.cost, reference.cost);
      else assert.ok(result.cost >= reference.cost);
      for (const fix of result.fixes) assert.ok(!problem.forbidden?.has(fix), 'a forbidden fix was chosen');
      // Irredundant: dropping any one fix leaves a path.
      for (const fix of result.fixes) {
        const fewer = new Set(result.fixes.filter((f) => f !== fix));
        assert.ok(reaches(problem, fewer, cuttable), `${fix} is redundant`);
      }
    }),
    { numRuns: 400 },
  );
});

test('the plan does not depend on how the nodes are numbered (a graph passes its own numbering)', () => {
  fc.assert(
    fc.property(problems, fc.boolean(), (problem, reversed) => {
      // Nodes n0..n9 numbered backwards or forwards, some of them on no edge: numbers a graph could give.
      const ids = Array.from({ length: 10 }, (_, i) => `n${reversed ? 9 - i : i}`);
      const numbers = new Map(ids.map((id, i) => [id, i]));
      const numbering = {
        numbers,
        from: Int32Array.from(problem.edges, (e) => numbers.get(e.from)!),
        to: Int32Array.from(problem.edges, (e) => numbers.get(e.to)!),
      };
      assert.deepEqual(planCut({ ...problem, numbering }), planCut(problem));
    }),
    { numRuns: 200 },
  );
});

test('one fix per edge is a minimum cut solved by max-flow', () => {
  const problem: CutProblem = {
    sources: ['Internet'],
    targets: ['ClusterAdmin'],
    edges: [
      { from: 'Internet', to: 'web', fixes: [{ id: 'close-lb', cost: 10 }] },
      { from: 'Internet', to: 'api', fixes: [{ id: 'close-api', cost: 10 }] },
      { from: 'web', to: 'sa', fixes: [{ id: 'no-token-web', cost: 1 }] },
      { from: 'api', to: 'sa', fixes: [{ id: 'no-token-api', cost: 1 }] },
      { from: 'sa', to: 'ClusterAdmin', fixes: [{ id: 'drop-binding', cost: 5 }] },
    ],
  };
  assert.deepEqual(planCut(problem), {
    fixes: ['no-token-api', 'no-token-web'],
    cost: 2,
    method: 'min-cut',
    uncuttable: [],
  });
  const kept = planCut({ ...problem, forbidden: new Set(['no-token-api']) });
  assert.deepEqual(kept.fixes, ['drop-binding']);
});

test('a fix shared by several edges makes it a hitting set; a path nothing can cut is reported', () => {
  const problem: CutProblem = {
    sources: ['Internet'],
    targets: ['ClusterAdmin', 'Node:*'],
    edges: [
      { from: 'Internet', to: 'a', fixes: [{ id: 'netpol', cost: 2 }] },
      { from: 'Internet', to: 'b', fixes: [{ id: 'netpol', cost: 2 }] },
      { from: 'a', to: 'ClusterAdmin', fixes: [{ id: 'rbac-a', cost: 3 }] },
      { from: 'b', to: 'ClusterAdmin', fixes: [{ id: 'rbac-b', cost: 3 }] },
      { from: 'Internet', to: 'Node:*', fixes: [] },
    ],
  };
  assert.deepEqual(planCut(problem), {
    fixes: ['netpol'],
    cost: 2,
    method: 'exact hitting set',
    uncuttable: ['Node:*'],
  });
});

test('the greedy hitting set stays within its ln bound and hits every set', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
      (raw) => {
        const sets = raw.map((set) => set.map((e) => `x${e}`));
        const cost = (e: string): number => 1 + (Number(e.slice(1)) % 4);
        const result = greedy(sets, cost);
        for (const set of sets) assert.ok(set.some((e) => result.chosen.includes(e)));
        // Against the exact optimum on an instance small enough to solve exactly: cost ≤ H(m) · optimum, where m is
        // the most sets one element hits.
        const small = sets.slice(0, 8).map((s) => s.slice(0, 3));
        const optimum = solveHittingSet(small, cost);
        assert.equal(optimum.method, 'exact');
        const m = Math.max(...[...new Set(small.flat())].map((e) => small.filter((s) => s.includes(e)).length));
        const harmonic = Array.from({ length: m }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
        assert.ok(greedy(small, cost).cost <= harmonic * optimum.cost + 1e-9);
      },
    ),
  );
});

test('paths to a target found uncuttable later do not bias the plan for the others', () => {
  // X cuts the path to B and one path to A; Y (cheaper) cuts A alone. B turns out to be uncuttable through a second,
  // fix-less path, so only A needs cutting, and Y alone is the optimum.
  const problem: CutProblem = {
    sources: ['s'],
    targets: ['A', 'B'],
    edges: [
      { from: 's', to: 'm', fixes: [{ id: 'X', cost: 3 }] },
      { from: 'm', to: 'B', fixes: [] },
      { from: 'm', to: 'a', fixes: [] },
      { from: 'a', to: 'A', fixes: [{ id: 'Y', cost: 1 }] },
      { from: 's', to: 'n', fixes: [] },
      { from: 'n', to: 'k', fixes: [] },
      { from: 'k', to: 'B', fixes: [] },
    ],
  };
  assert.deepEqual(planCut(problem), { fixes: ['Y'], cost: 1, method: 'exact hitting set', uncuttable: ['B'] });
});
