import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { sourceRoot } from '../../src/cli/source-root.js';
import { NEW_PATH_FINGERPRINT, NEW_PATH_RULE_ID, SRCROOT, artifactLocation } from '../../src/report/diff-sarif.js';
import { repoRoot, runCli, tempTree } from '../helpers.js';

const sarifSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/sarif-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validSarif = ajv.compile(sarifSchema);

/** A ConfigMap first, so the Deployment starts on line 7, not 1. */
function app(privileged: boolean): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports: [{containerPort: 8080}]
${privileged ? '          securityContext:\n            privileged: true\n' : ''}`;
}

const LOAD_BALANCER = `# The shop, open to the world.
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

function diffSarif(base: string, head: string, ...args: string[]): { status: number | null; log: Log } {
  const result = runCli(['diff', base, head, '--format', 'sarif', ...args]);
  const log = JSON.parse(result.stdout) as Log;
  assert.ok(validSarif(log), JSON.stringify(validSarif.errors, null, 2));
  return { status: result.status, log };
}

function primary(result: Result): [string | undefined, string | undefined, number | undefined] {
  const physical = result.locations?.[0]?.physicalLocation;
  return [physical?.artifactLocation?.uri, physical?.artifactLocation?.uriBaseId, physical?.region?.startLine];
}

test('diff --format sarif: a container made privileged behind a LoadBalancer is a new path on the Deployment', () => {
  const base = tempTree({ 'k8s/app.yaml': app(false), 'k8s/svc.yaml': LOAD_BALANCER });
  const head = tempTree({ 'k8s/app.yaml': app(true), 'k8s/svc.yaml': LOAD_BALANCER });
  const { status, log } = diffSarif(base, head);
  assert.equal(status, 1, 'a new path fails the gate');
  const run = log.runs[0]!;
  assert.deepEqual(
    run.tool.driver.rules!.map((r) => r.id),
    [NEW_PATH_RULE_ID],
  );
  assert.equal(run.tool.driver.rules![0]!.properties?.['security-severity'], '9.5');
  const results = run.results!;
  assert.ok(results.length >= 1);
  for (const result of results) {
    assert.equal(result.ruleId, NEW_PATH_RULE_ID);
    assert.equal(result.level, 'error');
    assert.match(result.message.text!, /^New attack path from Internet to Node:\*/);
    // The only new step is the privileged container's: the Service was already exposing the workload.
    assert.deepEqual(primary(result), ['k8s/app.yaml', SRCROOT, 7]);
    assert.equal(result.locations![0]!.logicalLocations![0]!.fullyQualifiedName, 'Deployment/shop/web');
    assert.equal(result.relatedLocations, undefined);
    assert.match(result.partialFingerprints![NEW_PATH_FINGERPRINT]!, /^[0-9a-f]{32}$/);
  }
  const fingerprints = results.map((r) => r.partialFingerprints![NEW_PATH_FINGERPRINT]);
  assert.equal(new Set(fingerprints).size, fingerprints.length, 'one fingerprint per path');
  assert.equal(run.originalUriBaseIds![SRCROOT]!.uri, `file://${head}/`);
});

test('diff --format sarif: a new LoadBalancer in front of a privileged workload is placed on the Service', () => {
  const base = tempTree({ 'app.yaml': app(true) });
  const head = tempTree({ 'app.yaml': app(true), 'svc.yaml': LOAD_BALANCER });
  const { status, log } = diffSarif(base, head);
  assert.equal(status, 1);
  const results = log.runs[0]!.results!;
  assert.ok(results.length >= 1);
  for (const result of results) {
    assert.deepEqual(primary(result), ['svc.yaml', SRCROOT, 2]);
    assert.equal(result.locations![0]!.logicalLocations![0]!.fullyQualifiedName, 'Service/shop/web');
    assert.match(result.locations![0]!.message!.text!, /EXPOSED_ENDPOINT/);
  }
});

test('diff --format sarif: identical inputs give no results and exit 0; a closed path is no result', () => {
  const base = tempTree({ 'app.yaml': app(true), 'svc.yaml': LOAD_BALANCER });
  const same = diffSarif(base, base);
  assert.equal(same.status, 0);
  assert.deepEqual(same.log.runs[0]!.results, []);
  assert.equal(same.log.runs[0]!.invocations![0]!.executionSuccessful, true);

  const fixed = tempTree({ 'app.yaml': app(false), 'svc.yaml': LOAD_BALANCER });
  const closed = diffSarif(base, fixed);
  assert.equal(closed.status, 0);
  assert.deepEqual(closed.log.runs[0]!.results, []);
  assert.ok((closed.log.runs[0]!.properties?.['closedPaths'] as number) >= 1);
});

test('diff --format sarif: paths are relative to the git repository holding HEAD; fingerprints do not move', () => {
  const base = tempTree({ 'deploy/app.yaml': app(false), 'deploy/svc.yaml': LOAD_BALANCER });
  const repo = tempTree({ 'deploy/app.yaml': app(true), 'deploy/svc.yaml': LOAD_BALANCER, '.git/HEAD': 'ref: x\n' });
  const head = path.join(repo, 'deploy');
  const { log } = diffSarif(base, head);
  const results = log.runs[0]!.results!;
  assert.deepEqual(primary(results[0]!), ['deploy/app.yaml', SRCROOT, 7]);
  assert.equal(log.runs[0]!.originalUriBaseIds![SRCROOT]!.uri, `file://${repo}/`);

  // --source-root overrides; the same change checked out elsewhere keeps its fingerprints.
  const elsewhere = tempTree({});
  mkdirSync(path.join(elsewhere, 'x'));
  cpSync(head, path.join(elsewhere, 'x/deploy'), { recursive: true });
  const moved = diffSarif(base, path.join(elsewhere, 'x/deploy'), '--source-root', elsewhere).log.runs[0]!.results!;
  assert.deepEqual(primary(moved[0]!), ['x/deploy/app.yaml', SRCROOT, 7]);
  assert.deepEqual(
    moved.map((r) => r.partialFingerprints),
    results.map((r) => r.partialFingerprints),
  );
});

test('artifact locations: relative with a base id inside the root, a file URI outside it; stdin as it is', () => {
  const options = { root: '/repo', cwd: '/repo/sub' };
  assert.deepEqual(artifactLocation('a b/x.yaml', options).physicalLocation!.artifactLocation, {
    uri: 'sub/a%20b/x.yaml',
    uriBaseId: SRCROOT,
  });
  assert.deepEqual(artifactLocation('/elsewhere/x.yaml', options).physicalLocation!.artifactLocation, {
    uri: 'file:///elsewhere/x.yaml',
  });
  assert.deepEqual(artifactLocation('-', options).physicalLocation!.artifactLocation, { uri: '-' });
  assert.deepEqual(artifactLocation('/tmp/a.tar.gz!k8s/x.yaml', options).physicalLocation!.artifactLocation, {
    uri: '/tmp/a.tar.gz!k8s/x.yaml',
  });
});

test('sourceRoot: the nearest folder with .git (a file in a worktree), else the input folder', () => {
  const repo = tempTree({ '.git': 'gitdir: /elsewhere\n', 'a/b/x.yaml': '' });
  assert.equal(sourceRoot(path.join(repo, 'a/b')), repo);
  assert.equal(sourceRoot(path.join(repo, 'a/b/x.yaml')), repo);
  const plain = tempTree({ 'a/x.yaml': '' });
  assert.equal(sourceRoot(path.join(plain, 'a')), path.join(plain, 'a'));
  assert.equal(sourceRoot(path.join(plain, 'a/x.yaml')), path.join(plain, 'a'));
});
