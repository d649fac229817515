import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { registerDb } from '../../src/cli/db.js';
import { registerImage } from '../../src/cli/image.js';
import { sharedRoot, tempTree } from '../helpers.js';

/** The commands run in-process (the built CLI learns them when main.ts registers them). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const program = new Command().name('chokepoint').enablePositionalOptions().exitOverride();
  registerImage(program, io);
  registerDb(program, io);
  process.exitCode = 0;
  await program.parseAsync(['node', 'chokepoint', ...args]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout, stderr };
}

const dir = tempTree({
  'img/etc/os-release': 'ID=debian\nVERSION_ID="7"\n',
  'img/var/lib/dpkg/status':
    'Package: nginx\nStatus: install ok installed\nVersion: 1.2.1-2.2+wheezy2\nArchitecture: amd64\n',
  'img/app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.15' }),
  'img/app/node_modules/minimist/package.json': JSON.stringify({ name: 'minimist', version: '1.2.5' }),
  'img/srv/config.json': '{"auths": {"r.example": {"auth": "dXNlcjpodW50ZXIyaHVudGVyMg=="}}}',
});
const img = path.join(dir, 'img');
const db = path.join(dir, 'vuln.db');

test('db import and db status', async () => {
  const imp = await cli(['db', 'import', path.join(sharedRoot, 'conformance/image/osv-sample'), '--db', db]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /imported 95 records from 95 files/);
  const st = await cli(['db', 'status', '--db', db]);
  assert.equal(st.code, 0);
  assert.match(st.stdout, /Records 74 \(0 withdrawn\)/);
  assert.match(st.stdout, /Newest record modified 2025-07-04/);
  const json = JSON.parse((await cli(['db', 'status', '--db', db, '--format', 'json'])).stdout) as { records: number };
  assert.equal(json.records, 74);
  const missing = await cli(['db', 'status', '--db', path.join(dir, 'none.db')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no usable vulnerability database/);
});

test('image: table and JSON, --fail-on, --severity, --ignore-unfixed', async () => {
  const table = await cli(['image', img, '--db', db]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /OS /);
  assert.match(table.stdout, /DSA-3029-1\s+nginx\s+1\.2\.1-2\.2\+wheezy2\s+1\.2\.1-2\.2\+wheezy3/);
  assert.match(table.stdout, /generic-secret {2}\/srv\/config\.json:1/);
  assert.ok(!table.stdout.includes('dXNlcjpodW50ZXIy'), 'never the secret value');
  const json = JSON.parse((await cli(['image', img, '--db', db, '--format', 'json'])).stdout) as {
    schemaVersion: string;
    vulnerabilities: {
      id: string;
      severity: string;
      status: string;
      fixedVersions: string[];
      attackVector: string | null;
    }[];
  };
  assert.equal(json.schemaVersion, 'chokepoint-image/v1');
  const ids = json.vulnerabilities.map((v) => v.id).sort();
  assert.deepEqual(ids, ['DSA-3029-1', 'GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw', 'GHSA-xvch-5gv4-984h']);
  assert.equal((await cli(['image', img, '--db', db, '--fail-on', 'critical'])).code, 1);
  const high = JSON.parse(
    (await cli(['image', img, '--db', db, '--format', 'json', '--severity', 'critical'])).stdout,
  ) as { vulnerabilities: unknown[] };
  assert.equal(high.vulnerabilities.length, 1);
  assert.equal((await cli(['image', img, '--db', db, '--severity', 'low', '--fail-on', 'high'])).code, 0);
});

test('image: --ignorefile with reasons and expiry, --vex not_affected statements', async () => {
  const ignore = path.join(dir, '.chokepointignore');
  writeFileSync(
    ignore,
    'GHSA-xvch-5gv4-984h # only used at build time\nCVE-2020-8203 exp:2000-01-01 # expired long ago\n',
  );
  const vex = path.join(dir, 'vex.json');
  writeFileSync(
    vex,
    JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'test',
      timestamp: '2024-01-01T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-2021-23337' },
          products: [{ '@id': 'pkg:npm/lodash@4.17.15' }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      ],
    }),
  );
  const r = await cli([
    'image',
    img,
    '--db',
    db,
    '--format',
    'json',
    '--ignorefile',
    ignore,
    '--vex',
    vex,
    '--fail-on',
    'critical',
  ]);
  const json = JSON.parse(r.stdout) as {
    vulnerabilities: { id: string; suppressed: { by: string; reason?: string } | null }[];
    notes: string[];
  };
  const s = Object.fromEntries(json.vulnerabilities.map((v) => [v.id, v.suppressed]));
  assert.deepEqual(s['GHSA-xvch-5gv4-984h'], { by: 'ignorefile', reason: 'only used at build time' });
  assert.deepEqual(s['GHSA-35jh-r3h4-6jhm'], {
    by: 'vex',
    reason: 'not_affected: vulnerable_code_not_in_execute_path',
  });
  assert.equal(s['GHSA-p6mc-m468-83gw'], null, 'its ignore rule has expired');
  assert.ok(json.notes.some((n) => /CVE-2020-8203 expired on 2000-01-01/.test(n)));
  // the only critical one (minimist) is ignored: the gate passes
  assert.equal(r.code, 0);
  const yaml = path.join(dir, 'ignore.yaml');
  writeFileSync(
    yaml,
    'vulnerabilities:\n  - id: DSA-3029-1\n    statement: patched in our build\n    expired_at: 2999-01-01\n',
  );
  const y = JSON.parse(
    (await cli(['image', img, '--db', db, '--format', 'json', '--ignorefile', yaml])).stdout,
  ) as typeof json;
  assert.deepEqual(y.vulnerabilities.find((v) => v.id === 'DSA-3029-1')?.suppressed, {
    by: 'ignorefile',
    reason: 'patched in our build',
  });
});

test('image: CycloneDX and SPDX to a file; input errors exit 2; no database still lists packages', async () => {
  const out = path.join(dir, 'bom.json');
  assert.equal((await cli(['image', img, '--db', db, '--format', 'cyclonedx', '--output', out])).code, 0);
  const bom = JSON.parse(readFileSync(out, 'utf8')) as {
    bomFormat: string;
    specVersion: string;
    vulnerabilities: unknown[];
  };
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.6');
  assert.equal(bom.vulnerabilities.length, 4);
  const spdx = JSON.parse((await cli(['image', img, '--format', 'spdx', '--db', db])).stdout) as {
    spdxVersion: string;
  };
  assert.equal(spdx.spdxVersion, 'SPDX-2.3');
  const bad = await cli(['image', path.join(dir, 'nope.tar'), '--db', db]);
  assert.equal(bad.code, 2);
  const nodb = await cli(['image', img, '--db', path.join(dir, 'absent.db'), '--format', 'json']);
  assert.equal(nodb.code, 0);
  assert.match(nodb.stderr, /no vulnerability database/);
});
