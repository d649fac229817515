import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { runPss } from '../../../src/cli/pss.js';
import { tempTree } from '../../helpers.js';

const input = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostPID: true
      containers: [{name: agent, image: agent, securityContext: {privileged: true}}]
`;

interface ResultJson {
  object: { kind: string; namespace: string; name: string };
  source: string;
  mode: string;
  level: string;
  version: string;
  allowed: boolean;
  violations: { check: string; message: string }[];
  message?: string;
  warn?: { level: string; allowed: boolean; violations: { check: string; message: string }[] };
  audit?: { level: string; allowed: boolean };
}

describe('chokepoint pss', () => {
  test('--format json: one result per workload, the enforce verdict with warn and audit beside it', async () => {
    const root = tempTree({ 'shop.yaml': input });
    const { exitCode, stdout, stderr } = await runPss([root, '--format', 'json']);
    assert.equal(stderr, '');
    assert.equal(exitCode, 1, 'the DaemonSet is denied');
    const parsed = JSON.parse(stdout) as { results: ResultJson[] };
    assert.deepEqual(Object.keys(parsed), ['results']);
    const [agent, web] = parsed.results;
    assert.deepEqual(agent!.object, { kind: 'DaemonSet', namespace: 'shop', name: 'agent' });
    assert.equal(agent!.source, `${root}/shop.yaml:19`);
    assert.equal(agent!.mode, 'enforce');
    assert.equal(agent!.level, 'baseline');
    assert.equal(agent!.version, 'latest');
    assert.equal(agent!.allowed, false);
    assert.deepEqual(agent!.violations, [
      { check: 'hostNamespaces', message: 'host namespaces (hostPID=true)' },
      { check: 'privileged', message: 'privileged (container "agent" must not set securityContext.privileged=true)' },
    ]);
    assert.equal(
      agent!.message,
      'violates PodSecurity "baseline:latest": host namespaces (hostPID=true), privileged (container "agent" must not ' +
        'set securityContext.privileged=true)',
    );
    assert.deepEqual(web!.object, { kind: 'Deployment', namespace: 'shop', name: 'web' });
    assert.equal(web!.allowed, true);
    assert.deepEqual(web!.violations, []);
    assert.equal(web!.warn!.level, 'restricted');
    assert.equal(web!.warn!.allowed, false);
    assert.deepEqual(
      web!.warn!.violations.map((v) => v.check),
      ['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted'],
    );
    assert.equal(web!.audit!.level, 'privileged');
  });

  test('--level and --version evaluate every workload at that level and version', async () => {
    const root = tempTree({ 'shop.yaml': input });
    const { exitCode, stdout } = await runPss([root, '--level', 'restricted', '--version', 'v1.7', '-f', 'json']);
    assert.equal(exitCode, 1);
    const { results } = JSON.parse(stdout) as { results: ResultJson[] };
    for (const r of results) {
      assert.equal(r.mode, 'requested');
      assert.equal(r.level, 'restricted');
      assert.equal(r.version, 'v1.7');
      assert.equal(r.warn, undefined);
    }
    assert.deepEqual(
      results[1]!.violations.map((v) => v.check),
      ['runAsNonRoot'],
      'no allowPrivilegeEscalation before v1.8',
    );
  });

  test('exit 0 when every workload is allowed; --version also works before the paths', async () => {
    const root = tempTree({ 'shop.yaml': input });
    const { exitCode, stdout } = await runPss(['--version', 'latest', '--level', 'privileged', root]);
    assert.equal(exitCode, 0);
    assert.match(stdout, /2 workloads: 2 allowed, 0 denied at the requested level/);
  });

  test('the table names each workload, its verdicts, and the upstream check ids and messages', async () => {
    const root = tempTree({ 'shop.yaml': input });
    const { stdout } = await runPss([root]);
    assert.match(stdout, /^DaemonSet shop\/agent {2}.*shop\.yaml:19$/m);
    assert.match(stdout, /^ {2}enforce +baseline:latest \(v1\.37\) +DENIED$/m);
    assert.match(
      stdout,
      /^ {6}- privileged: privileged \(container "agent" must not set securityContext\.privileged=true\)$/m,
    );
    assert.match(stdout, /^ {2}warn +restricted:latest \(v1\.37\) +DENIED$/m);
    assert.match(stdout, /2 workloads: 1 allowed, 1 denied by their namespaces \(enforce\)/);
  });

  test('input errors exit 2 after printing the results', async () => {
    const root = tempTree({ 'shop.yaml': input, 'broken.yaml': 'kind: [unclosed\n' });
    const { exitCode, stdout, stderr } = await runPss([root, '-f', 'json']);
    assert.equal(exitCode, 2);
    assert.equal((JSON.parse(stdout) as { results: unknown[] }).results.length, 2);
    assert.match(stderr, /^error: .*broken\.yaml/m);
  });

  test('usage errors exit 2', async () => {
    const root = tempTree({ 'shop.yaml': input });
    for (const args of [[root, '--version', 'v1.028'], [root, '--level', 'strict'], [root, '--format', 'sarif'], []]) {
      const { exitCode, stderr } = await runPss(args);
      assert.equal(exitCode, 2, args.join(' '));
      assert.match(stderr, /error/, args.join(' '));
    }
  });

  test('reads stdin with -', async () => {
    const { exitCode, stdout } = await runPss(['-', '-f', 'json'], { stdin: Readable.from([Buffer.from(input)]) });
    assert.equal(exitCode, 1);
    assert.equal((JSON.parse(stdout) as { results: unknown[] }).results.length, 2);
  });
});
