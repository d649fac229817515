/**
 * Static credentials: one fake credential of each kind planted in each place they hide, found with its kind,
 * object and field path, and its value in no output format. Then the noise the detector must not make.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildReport } from '../../src/report/build.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { postureAnalysis } from '../../src/posture/analyzer.js';
import { CREDENTIAL_KINDS, KIND_LABEL, detect } from '../../src/posture/secrets/detectors.js';
import { fingerprint } from '../../src/posture/secrets/entropy.js';
import type { CredentialSource } from '../../src/posture/secrets/scan.js';
import { parseValidReport } from '../helpers.js';
import { fakeCredentials, prng, randomString, type FakeCredential } from './fake-credentials.js';
import { container, deployment, inventoryOf, object, runAll, type Obj } from './fixtures.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const flag = (key: string): string => key.toLowerCase().replace(/_/g, '-');

/** Where each location's credentials are planted, and which check reports them. */
const LOCATIONS: { source: CredentialSource; check: string; plant: (creds: FakeCredential[]) => Obj }[] = [
  {
    source: 'env',
    check: 'CKP-610',
    plant: (creds) =>
      deployment(
        { containers: [container({ env: creds.map((c) => ({ name: c.key, value: c.value })) })] },
        { name: 'env' },
      ),
  },
  {
    source: 'args',
    check: 'CKP-611',
    plant: (creds) =>
      deployment(
        { containers: [container({ args: ['serve', ...creds.map((c) => `--${flag(c.key)}=${c.value}`)] })] },
        { name: 'args' },
      ),
  },
  {
    source: 'command',
    check: 'CKP-611',
    plant: (creds) =>
      deployment(
        {
          containers: creds.map((c, i) =>
            container({ name: `c${i}`, command: ['/bin/sh', '-c', `${c.key}=${c.value} exec /app`] }),
          ),
        },
        { name: 'command' },
      ),
  },
  {
    source: 'configmap',
    check: 'CKP-612',
    plant: (creds) =>
      object(
        'v1',
        'ConfigMap',
        { name: 'config', namespace: 'shop' },
        { data: Object.fromEntries(creds.map((c) => [c.key, c.value])) },
      ),
  },
  {
    source: 'secret-data',
    check: 'CKP-614',
    plant: (creds) =>
      object(
        'v1',
        'Secret',
        { name: 'data', namespace: 'shop' },
        { type: 'Opaque', data: Object.fromEntries(creds.map((c) => [c.key, b64(c.value)])) },
      ),
  },
  {
    source: 'secret-stringData',
    check: 'CKP-614',
    plant: (creds) =>
      object(
        'v1',
        'Secret',
        { name: 'string-data', namespace: 'shop' },
        { stringData: Object.fromEntries(creds.map((c) => [c.key, c.value])) },
      ),
  },
  {
    source: 'annotation',
    check: 'CKP-613',
    plant: (creds) =>
      object('v1', 'ConfigMap', {
        name: 'annotated',
        namespace: 'shop',
        annotations: Object.fromEntries(creds.map((c) => [`example.com/${c.key.toLowerCase()}`, c.value])),
      }),
  },
  {
    source: 'last-applied',
    check: 'CKP-613',
    // A Secret applied with kubectl: its data (base64) copied in plain text into the annotation; the live data
    // was since changed, so the copy is the only place left.
    plant: (creds) =>
      object('v1', 'Secret', {
        name: 'applied',
        namespace: 'shop',
        annotations: {
          [LAST_APPLIED]: JSON.stringify({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'applied', namespace: 'shop' },
            data: Object.fromEntries(creds.map((c) => [c.key, b64(c.value)])),
          }),
        },
      }),
  },
];

function planted(): {
  objects: Obj[];
  byLocation: { source: CredentialSource; check: string; creds: FakeCredential[] }[];
} {
  const byLocation = LOCATIONS.map((location, i) => ({ ...location, creds: fakeCredentials(1000 + i) }));
  return { objects: byLocation.map((l) => l.plant(l.creds)), byLocation };
}

test('every kind of credential is found in every location, with its kind, path and the check of its place', async () => {
  const { objects, byLocation } = planted();
  const { findings, credentials } = await runAll(objects);
  for (const { source, check, creds } of byLocation) {
    for (const cred of creds) {
      const facts = credentials.filter((f) => f.source === source && f.kind === cred.kind);
      assert.ok(
        facts.length >= 1,
        `${cred.kind} in ${source} not found: ${JSON.stringify(credentials.filter((f) => f.source === source).map((f) => f.kind))}`,
      );
      for (const fact of facts) {
        assert.match(fact.fingerprint, /^[0-9a-f]{12}$/);
        assert.match(fact.location, /^<stdin>:\d+$/);
        assert.equal(fact.expected, false);
        const finding = findings.find((f) => f.checkId === check && f.message.includes(fact.fingerprint));
        assert.ok(finding, `no ${check} finding for ${cred.kind} in ${source}`);
        assert.ok(finding.message.startsWith(KIND_LABEL[cred.kind]), finding.message);
        assert.match(finding.remediation, /Short-lived alternative: /);
      }
    }
    // Exactly one fact per planted credential: no kind is found twice and nothing else is found.
    const all = credentials.filter((f) => f.source === source);
    assert.deepEqual(all.map((f) => f.kind).sort(), creds.map((c) => c.kind).sort(), `facts in ${source}`);
  }
  assert.equal(CREDENTIAL_KINDS.length, fakeCredentials(1).length, 'the fixture plants every kind');
});

test('field paths say where: env var, arg index, data key, annotation and the path inside last-applied', async () => {
  const { objects } = planted();
  const { credentials } = await runAll(objects);
  const paths = (source: CredentialSource): string[] =>
    credentials.filter((f) => f.source === source).map((f) => f.path);
  assert.ok(paths('env').includes('spec.template.spec.containers[0].env[12].value'));
  assert.ok(paths('args').includes('spec.template.spec.containers[0].args[1]'));
  assert.ok(paths('command').includes('spec.template.spec.containers[0].command[2]'));
  assert.ok(paths('configmap').includes('data["DB_PASSWORD"]'));
  assert.ok(paths('secret-data').includes('data["AWS_ACCESS_KEY_ID"]'));
  assert.ok(paths('secret-stringData').includes('stringData["GH_TOKEN"]'));
  assert.ok(paths('annotation').includes('metadata.annotations["example.com/db_password"]'));
  assert.ok(paths('last-applied').includes(`metadata.annotations["${LAST_APPLIED}"]:data.DB_PASSWORD`));
});

test('no output format carries a credential, a prefix of one, or its base64 (and JSON reports stay valid)', async () => {
  const { objects, byLocation } = planted();
  const inventory = await inventoryOf(objects);
  const result = postureAnalysis(inventory);
  const report = buildReport(inventory, { version: '0.0.0-test', findings: result.findings });
  const outputs = REPORT_FORMATS.map((format) => ({ format, text: renderReport(report, format, { color: true }) }));
  outputs.push({ format: 'json' as const, text: JSON.stringify(result.credentials) });
  parseValidReport(renderReport(report, 'json'));
  for (const { creds } of byLocation) {
    for (const cred of creds) {
      const forbidden = [...cred.secrets, b64(cred.value), JSON.stringify(cred.value).slice(1, -1)];
      for (const { format, text } of outputs) {
        for (const secret of forbidden) {
          assert.ok(!text.includes(secret), `${cred.kind} leaks into ${format}`);
        }
      }
    }
  }
});

test('fingerprints are the first 12 hex digits of the sha256 and match one credential across places', async () => {
  const [generic] = fakeCredentials(7).filter((c) => c.kind === 'generic-secret');
  const objects = [
    deployment({ containers: [container({ env: [{ name: generic!.key, value: generic!.value }] })] }),
    object('v1', 'ConfigMap', { name: 'c', namespace: 'shop' }, { data: { DB_PASSWORD: generic!.value } }),
  ];
  const { credentials } = await runAll(objects);
  assert.equal(credentials.length, 2);
  assert.equal(credentials[0]!.fingerprint, fingerprint(generic!.value));
  assert.equal(credentials[1]!.fingerprint, credentials[0]!.fingerprint);
});

test('a credential in env and in the same object’s last-applied copy is one finding, two facts', async () => {
  const [token] = fakeCredentials(8).filter((c) => c.kind === 'github-token');
  const env = [{ name: token!.key, value: token!.value }];
  const live = deployment({ containers: [container({ env })] });
  const applied = JSON.parse(JSON.stringify(live)) as Obj;
  (live['metadata'] as Obj)['annotations'] = { [LAST_APPLIED]: JSON.stringify(applied) };
  const { findings, credentials } = await runAll([live]);
  assert.deepEqual(credentials.map((c) => c.source).sort(), ['env', 'last-applied']);
  assert.deepEqual(
    findings.filter((f) => f.checkId.startsWith('CKP-61')).map((f) => f.checkId),
    ['CKP-610'],
  );
});

test('expected contents are facts, not findings: TLS keys, registry credentials, basic-auth, and service-account tokens are CKP-606', async () => {
  const [key] = fakeCredentials(9).filter((c) => c.kind === 'private-key');
  const [password] = fakeCredentials(9).filter((c) => c.kind === 'generic-secret');
  const auth = b64(`robot:${password!.value}`);
  const objects = [
    object(
      'v1',
      'Secret',
      { name: 'tls', namespace: 'shop' },
      { type: 'kubernetes.io/tls', data: { 'tls.key': b64(key!.value), 'tls.crt': b64('not a key') } },
    ),
    object(
      'v1',
      'Secret',
      { name: 'pull', namespace: 'shop' },
      {
        type: 'kubernetes.io/dockerconfigjson',
        data: {
          '.dockerconfigjson': b64(
            JSON.stringify({ auths: { 'registry.example.com': { auth, password: password!.value } } }),
          ),
        },
      },
    ),
    object(
      'v1',
      'Secret',
      { name: 'basic', namespace: 'shop' },
      { type: 'kubernetes.io/basic-auth', stringData: { username: 'robot', password: password!.value } },
    ),
    object(
      'v1',
      'Secret',
      { name: 'sa-token', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'app' } },
      {
        type: 'kubernetes.io/service-account-token',
        data: { token: b64(fakeCredentials(10).find((c) => c.kind === 'jwt')!.value) },
      },
    ),
  ];
  const { findings, credentials } = await runAll(objects);
  assert.ok(credentials.length >= 3);
  assert.ok(
    credentials.every((c) => c.expected),
    JSON.stringify(credentials),
  );
  assert.ok(
    !credentials.some((c) => c.object.name === 'sa-token'),
    'service account tokens are not leaked credentials',
  );
  assert.deepEqual(
    findings.filter((f) => f.checkId.startsWith('CKP-61')),
    [],
  );
  assert.deepEqual(
    findings.filter((f) => f.checkId === 'CKP-606').map((f) => f.object.name),
    ['sa-token'],
  );
});

test('placeholders, references and plain words are not secrets', () => {
  const quiet: [string, string][] = [
    ['DB_PASSWORD', 'changeme'],
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '$(DB_PASSWORD)'],
    ['DB_PASSWORD', '<password>'],
    ['DB_PASSWORD', '{{ .Values.db.password }}'],
    ['API_TOKEN', 'xxxxxxxxxxxxxxxx'],
    ['API_TOKEN', '****************'],
    ['password', 'your-password-here'],
    ['SECRET_NAME', 'Xk29dmQ0pLz8vB3n'],
    ['PASSWORD_FILE', '/run/secrets/db-password'],
    ['token', 'argocd-application-controller'],
    ['TOKEN_TTL', '3600'],
    ['AUTH_ENABLED', 'true'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['DATABASE_URL', 'postgres://db.internal:5432/app'],
    ['config', 'admin_password = changeme\nlog_level = info'],
    ['NODE_NAME', 'ip-10-0-1-23.ec2.internal'],
  ];
  for (const [key, value] of quiet) assert.deepEqual(detect(value, key), [], `${key}=${value}`);
});

test('secrets inside a config file are found by the name on their line', () => {
  const r = prng(11);
  const password = `Q${randomString(r, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 18)}7x`;
  const ini = `[server]\nhttp_port = 3000\n[security]\nadmin_user = admin\nadmin_password = ${password}\n`;
  const found = detect(ini, 'grafana.ini');
  assert.deepEqual(
    found.map((d) => [d.kind, d.innerKey]),
    [['generic-secret', 'admin_password']],
  );
});

test('a flag names the next argument: --password VALUE', async () => {
  const [generic] = fakeCredentials(12).filter((c) => c.kind === 'generic-secret');
  const { credentials } = await runAll([
    deployment({ containers: [container({ args: ['--user', 'app', '--password', generic!.value] })] }),
  ]);
  assert.deepEqual(
    credentials.map((c) => [c.kind, c.path]),
    [['generic-secret', 'spec.template.spec.containers[0].args[3]']],
  );
});

test('property: whatever the env holds, no output carries a value the detector found', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 0, max: 12 }),
      async (seed, kindIndex) => {
        const cred = fakeCredentials(seed)[kindIndex]!;
        const inventory = await inventoryOf([
          deployment({ containers: [container({ env: [{ name: cred.key, value: cred.value }] })] }),
        ]);
        const result = postureAnalysis(inventory);
        assert.ok(
          result.credentials.some((c) => c.kind === cred.kind),
          `${cred.kind} (seed ${seed}) not found`,
        );
        const report = buildReport(inventory, { version: '0', findings: result.findings });
        for (const format of REPORT_FORMATS) {
          const text = renderReport(report, format);
          for (const secret of cred.secrets) assert.ok(!text.includes(secret));
        }
      },
    ),
    { numRuns: 60 },
  );
});
