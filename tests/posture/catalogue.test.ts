/** The catalogue as a whole: ids, metadata and cross-references well formed, every check tested both ways. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { CHECKS } from '../../src/posture/checks/index.js';
import { repoRoot } from '../helpers.js';
import { CLUSTER_CASES } from './cases/cluster.js';
import { CONFIG_CASES } from './cases/config.js';
import { HOST_CASES } from './cases/host.js';
import { IMAGES_CASES } from './cases/images.js';
import { NETWORK_CASES } from './cases/network.js';
import { RBAC_CASES } from './cases/rbac.js';
import { SECRETS_CASES } from './cases/secrets.js';
import { WORKLOAD_CASES } from './cases/workload.js';
import { container, deployment, namespace, object, runAll, service, serviceAccount, type Obj } from './fixtures.js';

const TABLES = [
  WORKLOAD_CASES,
  HOST_CASES,
  IMAGES_CASES,
  NETWORK_CASES,
  RBAC_CASES,
  SECRETS_CASES,
  CLUSTER_CASES,
  CONFIG_CASES,
];
const AREA_OF_DIGIT: Record<string, string> = {
  '1': 'workload',
  '2': 'host',
  '3': 'images',
  '4': 'network',
  '5': 'rbac',
  '6': 'secrets',
  '7': 'cluster',
  '9': 'config',
};

test('at least 60 checks, one file each, ids unique, in order and in the area their hundreds say', () => {
  assert.ok(CHECKS.length >= 60, `${CHECKS.length} checks`);
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.deepEqual([...ids].sort(), ids, 'the registry lists them in id order');
  const files = readdirSync(path.join(repoRoot, 'src/posture/checks')).filter((f) => f.startsWith('ckp-'));
  assert.deepEqual(files.map((f) => f.slice(0, 7).toUpperCase()).sort(), ids, 'one file per check, named after its id');
  for (const check of CHECKS) {
    assert.match(check.id, /^CKP-\d{3}$/);
    assert.equal(check.area, AREA_OF_DIGIT[check.id[4]!], `${check.id} area`);
  }
});

test('every check says why, what to do, and what the other tools call it', () => {
  for (const check of CHECKS) {
    assert.ok(check.title.length > 5 && check.title.length < 80, `${check.id} title`);
    assert.ok(check.rationale.length > 60, `${check.id} rationale`);
    assert.ok(check.remediation.length > 15, `${check.id} remediation`);
    assert.deepEqual(
      Object.keys(check.references).sort(),
      ['checkov', 'cis', 'kubeLinter', 'kubescape', 'mitre', 'nsa', 'polaris', 'trivy'],
      `${check.id} references`,
    );
    const refs = check.references;
    for (const id of refs.kubescape) assert.match(id, /^C-\d{4}$/, check.id);
    for (const id of refs.trivy) assert.match(id, /^(KSV|KCV)-\d{4,5}$/, check.id);
    for (const id of refs.checkov) assert.match(id, /^CKV2?_K8S_\d+$/, check.id);
    for (const id of refs.cis) assert.match(id, /^5\.\d+\.\d+$/, check.id);
    for (const id of refs.mitre) assert.match(id, /^T\d{4}(\.\d{3})?$/, check.id);
    for (const id of refs.kubeLinter) assert.match(id, /^[a-z][a-z0-9-]+$/, check.id);
    for (const id of refs.polaris) assert.match(id, /^[a-z][A-Za-z]+$/, check.id);
    assert.ok(refs.nsa.length > 0, `${check.id} cites the NSA/CISA guide`);
    const cited =
      refs.kubescape.length + refs.trivy.length + refs.checkov.length + refs.kubeLinter.length + refs.polaris.length;
    if (
      check.area !== 'config' &&
      !['CKP-121', 'CKP-122', 'CKP-309', 'CKP-313', 'CKP-606', 'CKP-614'].includes(check.id)
    ) {
      assert.ok(cited > 0, `${check.id} names at least one peer id`);
    }
  }
});

test('docs/posture.md lists every check', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/posture.md'), 'utf8');
  // Prettier pads table cells: match the id and title with any padding after them.
  const rows = new Set([...doc.matchAll(/^\| (CKP-\d{3}) \| (.+?) +\|/gm)].map((m) => `${m[1]} ${m[2]}`));
  for (const check of CHECKS) assert.ok(rows.has(`${check.id} ${check.title}`), `${check.id} is not in the docs table`);
});

test('every check has valid and invalid cases side by side, and every case table names real checks', () => {
  const ids = new Set(CHECKS.map((c) => c.id));
  const covered = new Map<string, { valid: number; invalid: number }>();
  for (const table of TABLES) {
    for (const [id, cases] of Object.entries(table)) {
      assert.ok(ids.has(id), `${id} in a case table is not a check`);
      assert.ok(!covered.has(id), `${id} is in two tables`);
      covered.set(id, { valid: cases.valid.length, invalid: cases.invalid.length });
    }
  }
  for (const check of CHECKS) {
    const counts = covered.get(check.id);
    assert.ok(counts && counts.valid > 0 && counts.invalid > 0, `${check.id} needs valid and invalid cases`);
  }
});

/** A small, hardened app: what a team following every remediation ships. */
function hardenedApp(): Obj[] {
  return [
    namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
    object(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      { name: 'web', namespace: 'shop' },
      {
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [],
          egress: [],
        },
      },
    ),
    serviceAccount('app', 'shop', { automountServiceAccountToken: false }),
    deployment({ containers: [container()] }),
    service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }),
  ];
}

test('a hardened app gets no finding from the default catalogue (no noise)', async () => {
  const { findings, credentials } = await runAll(hardenedApp());
  assert.deepEqual(
    findings.map((f) => `${f.checkId} ${f.message}`),
    [],
  );
  assert.deepEqual(credentials, []);
});

test('the analysis is deterministic', async () => {
  const objects = [
    ...hardenedApp(),
    deployment(
      { hostNetwork: true, containers: [container({ securityContext: { privileged: true } })] },
      { name: 'agent' },
    ),
  ];
  const first = await runAll(objects);
  const second = await runAll(objects);
  assert.deepEqual(first, second);
  assert.ok(first.findings.length > 0);
});

const value = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -1, max: 70000 }),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
);
const securityContext = fc.dictionary(
  fc.constantFrom(
    'privileged',
    'runAsUser',
    'runAsNonRoot',
    'runAsGroup',
    'allowPrivilegeEscalation',
    'readOnlyRootFilesystem',
    'procMount',
    'capabilities',
    'seccompProfile',
    'seLinuxOptions',
    'appArmorProfile',
    'windowsOptions',
  ),
  fc.oneof(
    value,
    fc.dictionary(
      fc.constantFrom('add', 'drop', 'type', 'user', 'hostProcess'),
      fc.oneof(value, fc.array(fc.constantFrom('ALL', 'NET_RAW', 'SYS_ADMIN', 'chown', 7), { maxLength: 3 })),
    ),
  ),
);

test('property: any security context, volumes and ports: no crash, and every finding is well formed', async () => {
  await fc.assert(
    fc.asyncProperty(
      securityContext,
      securityContext,
      fc.array(
        fc.record({
          path: fc.constantFrom('/', '/etc', '/var/run', '/data', '/sys/fs/', '//proc', ''),
          readOnly: fc.option(fc.boolean()),
        }),
        { maxLength: 3 },
      ),
      fc.array(fc.record({ containerPort: value, hostPort: value, name: fc.option(fc.string({ maxLength: 5 })) }), {
        maxLength: 2,
      }),
      fc.boolean(),
      async (podSc, sc, hostPaths, ports, hostNetwork) => {
        const volumes = hostPaths.map((h, i) => ({ name: `v${i}`, hostPath: { path: h.path } }));
        const mounts = hostPaths.map((h, i) => ({
          name: `v${i}`,
          mountPath: `/m${i}`,
          ...(h.readOnly === null ? {} : { readOnly: h.readOnly }),
        }));
        const objects = [
          deployment({
            hostNetwork,
            securityContext: podSc,
            volumes,
            containers: [container({ securityContext: sc, ports, volumeMounts: mounts })],
          }),
        ];
        const { findings } = await runAll(objects);
        const ids = new Set(CHECKS.map((c) => c.id));
        for (const finding of findings) {
          assert.ok(ids.has(finding.checkId));
          assert.match(finding.location ?? '', /^<stdin>:\d+$/);
          assert.ok(finding.message.length > 0 && finding.remediation.length > 0);
        }
        // One finding per hostPath volume, from exactly one of CKP-205..208.
        const hostPathFindings = findings.filter((f) =>
          ['CKP-205', 'CKP-206', 'CKP-207', 'CKP-208'].includes(f.checkId),
        );
        assert.equal(hostPathFindings.length, volumes.length);
      },
    ),
    { numRuns: 150 },
  );
});
