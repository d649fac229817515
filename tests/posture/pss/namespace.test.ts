import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadInventory } from '../../../src/inventory/load.js';
import {
  DEFAULT_POLICY,
  evaluateInventory,
  labelErrorMessage,
  policyToEvaluate,
  pssFindings,
} from '../../../src/posture/pss/index.js';
import { buildReport } from '../../../src/report/build.js';
import { parseValidReport, tempTree } from '../../helpers.js';

const P = 'pod-security.kubernetes.io/';

describe('reading the namespace labels (upstream api.PolicyToEvaluate)', () => {
  test('no labels: the admission defaults, privileged:latest for every mode', () => {
    assert.deepEqual(policyToEvaluate({}), { policy: DEFAULT_POLICY, errors: [] });
    assert.deepEqual(policyToEvaluate({ 'kubernetes.io/metadata.name': 'x' }).policy, DEFAULT_POLICY);
  });

  test('each mode takes its level and version; a mode without labels keeps the default', () => {
    const { policy, errors } = policyToEvaluate({
      [`${P}enforce`]: 'baseline',
      [`${P}enforce-version`]: 'v1.28',
      [`${P}warn`]: 'restricted',
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(policy, {
      enforce: { level: 'baseline', version: 'v1.28' },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    });
  });

  test('an invalid enforce level fails closed (restricted); invalid audit and warn levels fail open (privileged)', () => {
    const { policy, errors } = policyToEvaluate({
      [`${P}enforce`]: 'Baseline',
      [`${P}audit`]: 'strict',
      [`${P}warn`]: '',
    });
    assert.equal(policy.enforce.level, 'restricted');
    assert.equal(policy.audit.level, 'privileged');
    assert.equal(policy.warn.level, 'privileged');
    assert.deepEqual(errors.map(labelErrorMessage), [
      `metadata.labels[${P}enforce]: Invalid value: "Baseline": must be one of privileged, baseline, restricted`,
      `metadata.labels[${P}audit]: Invalid value: "strict": must be one of privileged, baseline, restricted`,
      `metadata.labels[${P}warn]: Invalid value: "": must be one of privileged, baseline, restricted`,
    ]);
  });

  test('an invalid version is latest; versions follow ^v1\\.(0|[1-9][0-9]*)$', () => {
    for (const bad of ['1.28', 'v1.028', 'v2.0', 'v1.', 'Latest', 'v1.28.0']) {
      const { policy, errors } = policyToEvaluate({ [`${P}enforce`]: 'baseline', [`${P}enforce-version`]: bad });
      assert.deepEqual(policy.enforce, { level: 'baseline', version: 'latest' }, bad);
      assert.equal(errors.length, 1, bad);
      assert.match(labelErrorMessage(errors[0]!), /must be "latest" or "v1\.x"/);
    }
    for (const good of ['v1.0', 'v1.9', 'v1.10', 'v1.99', 'latest']) {
      assert.deepEqual(policyToEvaluate({ [`${P}audit-version`]: good }).policy.audit.version, good);
    }
  });
});

const manifests = `
apiVersion: v1
kind: Namespace
metadata:
  name: strict
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.24
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: baseline
---
apiVersion: v1
kind: Namespace
metadata:
  name: typo
  labels:
    pod-security.kubernetes.io/enforce: restricte
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: strict}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: web
        image: nginx
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL], add: [NET_RAW]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: typo}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: backup, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: elsewhere}
spec:
  hostPID: true
  containers: [{name: shell, image: busybox}]
`;

describe('evaluating an inventory against its namespaces', () => {
  test('each workload gets its namespace policy for enforce, warn and audit', async () => {
    const root = tempTree({ 'all.yaml': manifests });
    const inventory = await loadInventory([root]);
    const results = evaluateInventory(inventory);
    const byName = new Map(results.map((r) => [r.workload.name, r]));

    const web = byName.get('web')!;
    assert.equal(web.source, `${root}/all.yaml:19`);
    assert.deepEqual([web.enforce.level, web.enforce.version, web.enforce.allowed], ['restricted', 'v1.24', false]);
    assert.deepEqual(
      web.enforce.violations.map((v) => v.check),
      ['capabilities_restricted'],
    );
    assert.equal(
      web.enforce.message,
      'violates PodSecurity "restricted:v1.24": unrestricted capabilities (container "web" must not include ' +
        '"NET_RAW" in securityContext.capabilities.add)',
    );
    assert.equal(web.warn.allowed, false);
    assert.match(web.warn.message!, /^would violate PodSecurity "restricted:latest": /);
    assert.deepEqual(
      web.audit.violations.map((v) => v.check),
      ['capabilities_baseline'],
    );
    assert.equal(web.namespaceImplied, false);

    const backup = byName.get('backup')!;
    assert.equal(backup.enforce.level, 'restricted', 'an invalid enforce level fails closed');
    assert.equal(backup.enforce.allowed, false);
    assert.equal(backup.labelErrors.length, 1);

    const debug = byName.get('debug')!;
    assert.equal(debug.namespaceImplied, true);
    assert.equal(debug.enforce.level, 'privileged');
    assert.equal(debug.enforce.allowed, true);
  });

  test('a requested level and version replace the labels for every mode', async () => {
    const inventory = await loadInventory([tempTree({ 'all.yaml': manifests })]);
    const results = evaluateInventory(inventory, { level: 'baseline', version: 'v1.20' });
    for (const r of results) {
      assert.equal(r.policyFrom, 'requested');
      assert.deepEqual(r.policy.enforce, { level: 'baseline', version: 'v1.20' });
    }
    const denied = results.filter((r) => !r.enforce.allowed).map((r) => r.workload.name);
    assert.deepEqual(denied.sort(), ['debug', 'web']);
  });

  test('pssFindings: one finding per check the enforced level rejects a workload for', async () => {
    const root = tempTree({ 'all.yaml': manifests });
    const findings = pssFindings(await loadInventory([root]));
    assert.deepEqual(
      findings.map((f) => [f.object.name, f.checkId, f.severity]),
      [
        // web: adding NET_RAW breaks the baseline capabilities check too, so the restricted one is high
        ['web', 'PSS-capabilities_restricted', 'high'],
        // backup: restricted (from the invalid label), no security context at all
        ['backup', 'PSS-allowPrivilegeEscalation', 'medium'],
        ['backup', 'PSS-capabilities_restricted', 'medium'],
        ['backup', 'PSS-runAsNonRoot', 'medium'],
        ['backup', 'PSS-seccompProfile_restricted', 'medium'],
      ],
    );
    const web = findings.find((f) => f.object.name === 'web')!;
    assert.deepEqual(web.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'strict', name: 'web' });
    assert.equal(web.location, `${root}/all.yaml:19`);
    assert.match(web.message, /^namespace "strict" enforces PodSecurity "restricted:v1\.24", which would reject/);
    assert.ok(web.remediation.length > 0);
    const report = buildReport(await loadInventory([root]), { version: '0.0.0', findings });
    assert.equal(parseValidReport(JSON.stringify(report)).findings.length, 5, 'the findings fit the report schema');
  });

  test('baseline violations are high', async () => {
    const root = tempTree({
      'ns.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {pod-security.kubernetes.io/enforce: baseline}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: b}
spec:
  hostNetwork: true
  containers: [{name: c, image: x, securityContext: {privileged: true}}]
`,
    });
    const findings = pssFindings(await loadInventory([root]));
    assert.deepEqual(
      findings.map((f) => [f.checkId, f.severity]),
      [
        ['PSS-hostNamespaces', 'high'],
        ['PSS-privileged', 'high'],
      ],
    );
  });
});
