import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import { analyzeAttacks } from '../../src/paths/analysis.js';
import { loadGraphBuilder } from '../../src/paths/builder.js';
import { parseValidReport, repoRoot, runCli } from '../helpers.js';

const demoDir = path.join(repoRoot, 'examples/demo');

test('demo: the real pipeline plans a cut that verification finds complete', async () => {
  const inventory = await loadInventory([demoDir]);
  const build = (await loadGraphBuilder())!;
  const analysis = await analyzeAttacks(inventory, build);
  assert.ok(analysis.paths.length > 0);
  const plan = analysis.plan!;
  assert.equal(plan.pathsBefore, analysis.paths.length);
  assert.equal(plan.pathsAfter, 0, JSON.stringify(plan.kept, null, 1));
  assert.deepEqual(plan.kept, []);
  const ids = plan.fixes.map((f) => f.id);
  // F2 of the demo README: the cloud role is cut at the annotation, not at the token mount.
  assert.ok(ids.includes('ServiceAccount/api/orders-api:annotation/eks.amazonaws.com/role-arn=removed'), ids.join());
  assert.ok(!ids.some((id) => id.includes('automountServiceAccountToken')), ids.join());
  assert.ok(!ids.some((id) => id.endsWith('-deny-ingress:created')), ids.join());
});

test('demo: plan --apply-to writes manifests in which scan finds no attack path', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'chokepoint-apply-'));
  try {
    const plan = runCli(['plan', 'examples/demo', '--apply-to', out, '--quiet']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.ok(readdirSync(out, { recursive: true }).length > 0);
    const scanned = runCli(['scan', 'examples/demo', '--format', 'json']);
    assert.ok(scanned.stdout.length > 0, scanned.stderr);
    assert.ok(parseValidReport(scanned.stdout).paths.length > 0);
    const after = runCli(['scan', out, '--format', 'json']);
    assert.ok(after.stdout.length > 0, after.stderr);
    const report = parseValidReport(after.stdout);
    assert.deepEqual(
      report.paths.map((p) => `${p.source} -> ${p.target}`),
      [],
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
