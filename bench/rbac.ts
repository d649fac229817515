/**
 * RBAC benchmark: loads an inventory, then measures building the subject index (policy with aggregation, cluster
 * facts, index) and answering who-can and can-i questions from it; the escalation graph is timed too.
 * Usage: node dist/bench/rbac.js [PATH]   (default bench/out/cluster-100000-seed1; make it with
 *        node dist/src/cli/main.js generate --pods 100000 --seed 1 --out bench/out/cluster-100000-seed1)
 */
import { existsSync } from 'node:fs';
import { loadInventory } from '../src/inventory/load.js';
import { analyzeRbac } from '../src/rbac/analysis.js';
import { buildRequest, whoCan } from '../src/rbac/query.js';
import { resourceTable } from '../src/rbac/resources.js';
import { impersonatedUser, serviceAccountUser } from '../src/rbac/subjects.js';

const path = process.argv[2] ?? 'bench/out/cluster-100000-seed1';
if (!existsSync(path)) {
  process.stderr.write(`${path} does not exist; generate it first (see the usage in bench/rbac.ts)\n`);
  process.exit(2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
}

const loadStart = performance.now();
const inventory = await loadInventory([path]);
const loadMs = performance.now() - loadStart;

// The first build warms the JIT; the figure is the median of five.
const builds: number[] = [];
let analysis = analyzeRbac(inventory);
for (let i = 0; i < 5; i++) {
  const [a, ms] = time(() => analyzeRbac(inventory));
  analysis = a;
  builds.push(ms);
}

const table = resourceTable(inventory.objects);
const namespaces = [...analysis.policy.roleBindingsByNamespace.keys()].sort();
const questions: [string, string, Record<string, unknown>][] = [
  ['get', 'secrets', {}],
  ['list', 'secrets', {}],
  ['create', 'pods', {}],
  ['create', 'pods/exec', {}],
  ['create', 'serviceaccounts/token', {}],
  ['impersonate', 'serviceaccounts', {}],
  ['update', 'deployments.apps', {}],
  ['get', 'nodes/proxy', {}],
  ['escalate', 'clusterroles', {}],
  ['bind', 'clusterroles', {}],
  ['list', 'pods', { allNamespaces: true }],
  ['get', '/metrics', {}],
];
const whoCanMs: number[] = [];
const allNamespacesMs: number[] = [];
let entries = 0;
for (let round = 0; round < 20; round++) {
  for (const [i, [verb, resource, extra]] of questions.entries()) {
    const namespace = namespaces[(round * questions.length + i) % Math.max(namespaces.length, 1)];
    const [answer, ms] = time(() => {
      const built = buildRequest(
        { verb, resource, defaultNamespace: 'default', ...(namespace ? { namespace } : {}), ...extra },
        table,
      );
      return whoCan(analysis, built.request, built.allNamespaces);
    });
    whoCanMs.push(ms);
    if (extra['allNamespaces']) allNamespacesMs.push(ms);
    entries += answer.subjects.length;
  }
}

const users = [
  impersonatedUser('alice'),
  ...analysis.index
    .subjects()
    .filter((s) => s.kind === 'ServiceAccount')
    .slice(0, 200)
    .map((s) => serviceAccountUser(s.namespace!, s.name)),
];
const canIMs: number[] = [];
for (const [i, u] of users.entries()) {
  const ns = namespaces[i % Math.max(namespaces.length, 1)] ?? 'default';
  const [, ms] = time(() =>
    analysis.index.authorize(u, {
      resourceRequest: true,
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      subresource: '',
      name: '',
      namespace: ns,
    }),
  );
  canIMs.push(ms);
}

const [graph, graphMs] = time(() => analysis.escalation());

const figures = {
  input: path,
  objects: inventory.objects.length,
  pods: inventory.workloads.reduce((n, w) => n + w.pods.length, 0),
  bindings: analysis.policy.clusterRoleBindings.length + analysis.policy.roleBindings.length,
  subjects: analysis.index.subjects().length,
  loadMs: Math.round(loadMs),
  indexBuildMs: Number(median(builds).toFixed(1)),
  whoCanMedianMs: Number(median(whoCanMs).toFixed(3)),
  whoCanMaxMs: Number(Math.max(...whoCanMs).toFixed(3)),
  whoCanAllNamespacesMedianMs: Number(median(allNamespacesMs).toFixed(3)),
  whoCanQueries: whoCanMs.length,
  whoCanEntries: entries,
  canIMedianMs: Number(median(canIMs).toFixed(4)),
  escalationGraphMs: Math.round(graphMs),
  clusterAdminEquivalentNodes: graph.distance.size,
};
process.stdout.write(
  `index build ${figures.indexBuildMs} ms (median of 5), who-can median ${figures.whoCanMedianMs} ms ` +
    `(max ${figures.whoCanMaxMs} ms over ${figures.whoCanQueries} queries; -A ${figures.whoCanAllNamespacesMedianMs} ms), ` +
    `can-i median ${figures.canIMedianMs} ms, ` +
    `escalation graph ${figures.escalationGraphMs} ms; loading took ${figures.loadMs} ms\n`,
);
process.stdout.write(JSON.stringify(figures) + '\n');
