import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments, stringify } from 'yaml';
import { registerNetpol } from '../../src/cli/netpol.js';
import { analyzeNetwork, networkFindings } from '../../src/network/findings.js';
import { loadInventory } from '../../src/inventory/load.js';
import { corpusManifests, parseValidReport, tempTree } from '../helpers.js';
import { Capture } from './helpers.js';

/** Runs `chokepoint netpol ...` in-process (the built CLI does not know the command until main.ts registers it). */
async function netpol(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const program = new Command().name('chokepoint').exitOverride();
  registerNetpol(program, { stdout, stderr });
  process.exitCode = 0;
  await program.parseAsync(['node', 'chokepoint', 'netpol', ...args]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: stdout.text, stderr: stderr.text, code };
}

/** Argo CD's install.yaml without its CRDs (most of its 1.9 MB): the workloads, Services and NetworkPolicies. */
const argocd = path.join(
  tempTree({
    'argocd.yaml': parseAllDocuments(readFileSync(path.join(corpusManifests, 'argocd-install.yaml'), 'utf8'))
      .map((d) => d.toJS() as { kind?: string } | null)
      .filter((o) => o && ['Deployment', 'StatefulSet', 'Service', 'NetworkPolicy'].includes(o.kind ?? ''))
      .map((o) => stringify(o))
      .join('---\n'),
  }),
  'argocd.yaml',
);

const shop = tempTree({
  'shop.yaml': `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: db:1, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: pg}]}]
`,
  'head/shop.yaml': '',
});

test('netpol prints the map in netpol-analyzer txt format; csv, md, json and dot carry the same lines', async () => {
  const txt = await netpol(argocd, '--default-namespace', 'argocd');
  assert.equal(txt.code, 0);
  assert.match(txt.stdout, /^0\.0\.0\.0-255\.255\.255\.255 => argocd\/argocd-server\[Deployment\] : All Connections$/m);
  assert.match(
    txt.stdout,
    /^argocd\/argocd-server\[Deployment\] => argocd\/argocd-dex-server\[Deployment\] : TCP 5556-5558$/m,
  );
  const lines = txt.stdout.trimEnd().split('\n');
  const json = JSON.parse((await netpol(argocd, '--default-namespace', 'argocd', '--format', 'json')).stdout) as {
    src: string;
    dst: string;
    conn: string;
    ports: unknown[];
  }[];
  assert.deepEqual(
    json.map((l) => `${l.src} => ${l.dst} : ${l.conn}`),
    lines,
  );
  const redis = json.find((l) => l.dst === 'argocd/argocd-redis[Deployment]' && l.src.includes('argocd-server'))!;
  assert.deepEqual(redis.ports, [{ protocol: 'TCP', ports: [{ start: 6379, end: 6379 }] }]);
  const csv = (await netpol(argocd, '--default-namespace', 'argocd', '-f', 'csv')).stdout.trimEnd().split('\n');
  assert.equal(csv[0], 'src,dst,conn');
  assert.equal(csv.length, lines.length + 1);
  assert.ok(
    csv.includes(
      'argocd/argocd-dex-server[Deployment],argocd/argocd-applicationset-controller[Deployment],"TCP 7000,8080"',
    ),
  );
  const md = (await netpol(argocd, '--default-namespace', 'argocd', '-f', 'md')).stdout.trimEnd().split('\n');
  assert.equal(md.length, lines.length + 2);
  const dot = (await netpol(argocd, '--default-namespace', 'argocd', '-f', 'dot')).stdout;
  assert.match(dot, /^digraph \{/);
  assert.match(dot, /subgraph "cluster_argocd"/);
  assert.equal((dot.match(/ -> /g) ?? []).length, lines.length);
});

test('netpol --focus keeps the lines of one workload; --by pod names pods; --exposure adds Internet lines', async () => {
  const focus = await netpol(argocd, '--default-namespace', 'argocd', '--focus', 'argocd/argocd-redis');
  const lines = focus.stdout.trimEnd().split('\n');
  assert.ok(lines.every((l) => l.includes('argocd/argocd-redis[Deployment]')));
  assert.deepEqual(
    lines.filter((l) => l.endsWith('=> argocd/argocd-redis[Deployment] : TCP 6379')).map((l) => l.split(' ')[0]),
    [
      'argocd/argocd-application-controller[StatefulSet]',
      'argocd/argocd-repo-server[Deployment]',
      'argocd/argocd-server[Deployment]',
    ],
  );
  const exposed = await netpol(path.join(shop, 'shop.yaml'), '--exposure');
  assert.match(exposed.stdout, /^Internet => shop\/web\[Deployment\] : TCP 8080$/m);
  assert.match(exposed.stdout, /^shop\/web\[Deployment\] => shop\/db\[Deployment\] : TCP 5432$/m);
  const json = JSON.parse((await netpol(path.join(shop, 'shop.yaml'), '--exposure', '-f', 'json')).stdout) as {
    src: string;
    paths?: { entry: string; port: number; assumptions?: string[] }[];
  }[];
  const internet = json.find((l) => l.src === 'Internet')!;
  // The manifest sets no nodePort, so only the load balancer is an entry.
  assert.deepEqual(
    internet.paths!.map((p) => [p.entry, p.port]),
    [['LoadBalancer', 80]],
  );
  const pods = await netpol(path.join(shop, 'shop.yaml'), '--by', 'pod');
  assert.match(
    pods.stdout,
    /^shop\/web\[Deployment\] => shop\/db\[Deployment\] : TCP 5432$/m,
    'stand-ins are named like their workload',
  );
  const tooLong = await netpol(argocd, '--max-lines', '10');
  assert.equal(tooLong.code, 2);
  assert.match(tooLong.stderr, /more than --max-lines 10 lines; give --focus WORKLOAD/);
  assert.equal((await netpol()).code, 2);
  const missing = await netpol(argocd, '--focus', 'nowhere/nothing');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no workload nowhere\/nothing/);
});

test('netpol explain names the policies and rules of each direction, for a port or for all', async () => {
  const denied = await netpol(
    'explain',
    'argocd/argocd-dex-server',
    'argocd/argocd-redis',
    argocd,
    '--default-namespace',
    'argocd',
    '--port',
    '6379/TCP',
  );
  assert.equal(denied.code, 0);
  assert.equal(
    denied.stdout,
    [
      'argocd/argocd-dex-server[Deployment] => argocd/argocd-redis[Deployment] : No Connections (asked: TCP 6379)',
      '  egress from argocd/argocd-dex-server[Deployment]: TCP 6379',
      '    no policy selects the pod for egress: everything is allowed',
      '  ingress to argocd/argocd-redis[Deployment]: No Connections',
      '    policies: NetworkPolicy argocd/argocd-redis-network-policy',
      '    - NetworkPolicy tier: the pod is isolated for ingress and no rule allows TCP 6379: denied',
      '',
    ].join('\n'),
  );
  const allowed = await netpol(
    'explain',
    'argocd/argocd-server',
    'argocd/argocd-redis',
    argocd,
    '--default-namespace',
    'argocd',
    '-f',
    'json',
  );
  const [e] = JSON.parse(allowed.stdout) as {
    allowed: string;
    ingress: { steps: { policy: { name: string }; rule: { index: number } }[] };
  }[];
  assert.equal(e!.allowed, 'TCP 6379');
  assert.deepEqual(e!.ingress.steps[0]!.policy.name, 'argocd-redis-network-policy');
  assert.equal(e!.ingress.steps[0]!.rule.index, 0);
  const fromIp = await netpol(
    'explain',
    '203.0.113.9',
    'argocd/argocd-server',
    argocd,
    '--default-namespace',
    'argocd',
  );
  assert.match(fromIp.stdout, /external addresses have no policies/);
  const bad = await netpol('explain', 'argocd/nope', 'argocd/argocd-server', argocd, '--default-namespace', 'argocd');
  assert.equal(bad.code, 2);
});

test('netpol diff lists connections added, removed and changed (netpol-analyzer diff format)', async () => {
  const base = path.join(shop, 'shop.yaml');
  const head = path.join(shop, 'head/shop.yaml');
  const text = readFileSync(base, 'utf8').replace('ports: [{port: pg}]', 'ports: [{port: pg}, {port: 9187}]');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    head,
    `${text}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {}}]}]\n`,
  );
  const diff = await netpol('diff', base, head);
  assert.equal(diff.code, 0);
  assert.equal(
    diff.stdout,
    [
      'Connectivity diff:',
      'diff-type: removed, source: shop/web[Deployment], destination: 0.0.0.0-255.255.255.255, dir1: All Connections, dir2: No Connections',
      'diff-type: changed, source: shop/web[Deployment], destination: shop/db[Deployment], dir1: TCP 5432, dir2: TCP 5432,9187',
      '',
    ].join('\n'),
  );
  const none = await netpol('diff', base, base, '-f', 'json');
  assert.deepEqual(JSON.parse(none.stdout), []);
});

test('networkFindings: Internet exposure, namespaces open to every pod, policies not evaluated as written', async () => {
  const inventory = await loadInventory([
    path.join(shop, 'shop.yaml'),
    path.join(corpusManifests, 'kube-prometheus/manifests'),
  ]);
  const findings = networkFindings(inventory);
  assert.deepEqual(
    findings.map((f) => [f.checkId, f.object.kind, f.object.name]),
    [
      ['CKN-001', 'DaemonSet', 'node-exporter'],
      ['CKN-001', 'Deployment', 'web'],
    ],
  );
  assert.match(
    findings[1]!.message,
    /^shop\/web\[Deployment\] accepts connections from the Internet on TCP 8080: LoadBalancer Service shop\/web port 80/,
  );
  // A namespace with no policy at all is open to every pod; shop is not (db is isolated).
  const open = await loadInventory([path.join(corpusManifests, 'argocd-install.yaml')]);
  const argocdFindings = analyzeNetwork(open).findings;
  assert.deepEqual(
    argocdFindings.map((f) => f.checkId),
    [],
  );
  const report = {
    schemaVersion: 'chokepoint/v1',
    tool: { name: 'chokepoint', version: '0.0.0' },
    inputs: [],
    inventory: { objects: 0, implied: 0, workloads: 0, pods: 0, namespaces: 0, nodes: 0, kinds: {}, unknownKinds: {} },
    errors: [],
    findings,
    graph: { nodes: 0, edges: 0 },
    paths: [],
    plan: { fixes: [], pathsBefore: 0, pathsAfter: 0, kept: [] },
  };
  parseValidReport(JSON.stringify(report));
});
