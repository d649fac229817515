import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { affectsVersion, evaluateRange, matchPackages, releaseMatches } from '../../src/image/vulndb/match.js';
import { importOsv } from '../../src/image/vulndb/import.js';
import type { OsvRecord } from '../../src/image/vulndb/osv.js';
import { VulnStore } from '../../src/image/vulndb/store.js';
import { compareSemver } from '../../src/image/versions/semver.js';
import type { Package } from '../../src/image/types.js';
import { tempTree } from '../helpers.js';
import { zip } from './fixtures.js';

const cmp = compareSemver;

test('OSV ranges: introduced, fixed, last_affected, limit, several intervals', () => {
  const events = [{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { last_affected: '2.3.0' }];
  assert.equal(evaluateRange('0.9.0', events, cmp).affected, false);
  assert.deepEqual(evaluateRange('1.0.0', events, cmp), { affected: true, fixed: '1.2.0' });
  assert.equal(evaluateRange('1.2.0', events, cmp).affected, false);
  assert.deepEqual(evaluateRange('2.3.0', events, cmp), { affected: true });
  assert.equal(evaluateRange('2.3.1', events, cmp).affected, false);
  // events in any order; introduced "0" is the lowest
  assert.equal(evaluateRange('0.0.1', [{ fixed: '1.0.0' }, { introduced: '0' }], cmp).affected, true);
  // limit: only versions below a limit are in the range (`*` is no limit)
  assert.equal(evaluateRange('3.0.0', [{ introduced: '0' }, { limit: '2.0.0' }], cmp).affected, false);
  assert.equal(evaluateRange('1.5.0', [{ introduced: '0' }, { limit: '2.0.0' }], cmp).affected, true);
  assert.equal(evaluateRange('9.0.0', [{ introduced: '0' }, { limit: '*' }], cmp).affected, true);
});

test('explicit versions, unknown ecosystems and GIT ranges', () => {
  assert.equal(affectsVersion('1.0', { ecosystem: 'PyPI', ranges: [], versions: ['1.0', '1.1'] }).affected, true);
  assert.equal(
    affectsVersion('1.0.0', { ecosystem: 'PyPI', ranges: [], versions: ['1.0'] }).affected,
    true,
    'PEP 440 equality',
  );
  assert.equal(affectsVersion('1.2', { ecosystem: 'PyPI', ranges: [], versions: ['1.0', '1.1'] }).affected, false);
  const git = { type: 'GIT', events: [{ introduced: '0' }, { fixed: 'abc' }] };
  assert.equal(affectsVersion('1.0', { ecosystem: 'PyPI', ranges: [git], versions: [] }).affected, false);
  const eco = { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] };
  assert.equal(affectsVersion('1.0', { ecosystem: 'NoSuchEcosystem', ranges: [eco], versions: [] }).affected, false);
});

test('distribution releases: the advisory ecosystem must name the image release', () => {
  assert.equal(releaseMatches('Debian:12', '12'), true);
  assert.equal(releaseMatches('Debian:11', '12'), false);
  assert.equal(releaseMatches('Alpine:v3.19', 'v3.19'), true);
  assert.equal(releaseMatches('Ubuntu:Pro:14.04:LTS', '14.04'), true);
  assert.equal(releaseMatches('Red Hat:enterprise_linux:8::appstream', '8'), true);
  assert.equal(releaseMatches('Debian', '12'), true);
});

function rec(id: string, affected: OsvRecord['affected'], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: '2024-01-01T00:00:00Z', affected, ...extra };
}

function pkg(p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version' | 'ecosystem'>): Package {
  return { location: '/x', cataloger: 'test', purl: `pkg:${p.type}/${p.name}@${p.version}`, ...p };
}

test('matching: source packages, unfixed vs fixed, withdrawn records, per-package severity', () => {
  const store = new VulnStore(':memory:');
  store.put(
    rec('DEBIAN-CVE-1', [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }],
        ecosystem_specific: { urgency: 'high' },
      },
    ]),
  );
  store.put(
    rec('DEBIAN-CVE-2', [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      },
    ]),
  );
  store.put(
    rec(
      'GHSA-w',
      [
        {
          package: { ecosystem: 'npm', name: 'left-pad' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
        },
      ],
      {
        withdrawn: '2024-02-01T00:00:00Z',
      },
    ),
  );
  store.put(
    rec(
      'GHSA-net',
      [
        {
          package: { ecosystem: 'npm', name: 'ws' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '7.0.0' }, { fixed: '7.5.10' }] }],
        },
        {
          package: { ecosystem: 'npm', name: 'ws' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '8.0.0' }, { fixed: '8.17.1' }] }],
        },
      ],
      {
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
        aliases: ['CVE-2024-37890'],
      },
    ),
  );
  const libssl = pkg({
    type: 'deb',
    name: 'libssl3',
    version: '3.0.11-1~deb12u1',
    ecosystem: 'Debian',
    source: { name: 'openssl', version: '3.0.11-1~deb12u1' },
  });
  const matches = matchPackages(
    store,
    [
      libssl,
      pkg({ type: 'npm', name: 'left-pad', version: '1.0.0', ecosystem: 'npm' }),
      pkg({ type: 'npm', name: 'ws', version: '8.0.0', ecosystem: 'npm' }),
      pkg({ type: 'npm', name: 'ws', version: '7.5.10', ecosystem: 'npm' }),
    ],
    { id: 'debian', versionId: '12' },
  );
  const byId = new Map(matches.map((m) => [`${m.vulnerability.id}:${m.package.name}@${m.package.version}`, m]));
  assert.deepEqual([...byId.keys()].sort(), [
    'DEBIAN-CVE-1:libssl3@3.0.11-1~deb12u1',
    'DEBIAN-CVE-2:libssl3@3.0.11-1~deb12u1',
    'GHSA-net:ws@8.0.0',
  ]);
  const fixed = byId.get('DEBIAN-CVE-1:libssl3@3.0.11-1~deb12u1')!;
  assert.equal(fixed.status, 'fixed');
  assert.deepEqual(fixed.fixedVersions, ['3.0.11-1~deb12u2']);
  assert.equal(fixed.vulnerability.severity, 'high');
  assert.deepEqual(fixed.advisory, { ecosystem: 'Debian:12', name: 'openssl' });
  assert.equal(byId.get('DEBIAN-CVE-2:libssl3@3.0.11-1~deb12u1')!.status, 'unfixed');
  const ws = byId.get('GHSA-net:ws@8.0.0')!;
  assert.deepEqual(ws.fixedVersions, ['8.17.1']);
  assert.equal(ws.vulnerability.attackVector, 'network');
  assert.equal(ws.vulnerability.score, 7.5);
  assert.equal(ws.vulnerability.severity, 'high');
  assert.deepEqual(ws.vulnerability.aliases, ['CVE-2024-37890']);
  // another release of the distribution: nothing
  assert.deepEqual(matchPackages(store, [libssl], { id: 'debian', versionId: '11' }), []);
  store.close();
});

test('db import: folders, JSON arrays, YAML and all.zip; re-import replaces; status', async () => {
  const one = rec('GHSA-a', [
    {
      package: { ecosystem: 'PyPI', name: 'Django_Rest' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }],
    },
  ]);
  const two = rec('PYSEC-b', [{ package: { ecosystem: 'PyPI', name: 'flask' }, versions: ['0.1'] }]);
  const dir = tempTree({
    'a/GHSA-a.json': JSON.stringify(one),
    'b/PYSEC-b.yaml': `id: PYSEC-b\nmodified: 2024-03-01T00:00:00Z\naffected:\n- package: {ecosystem: PyPI, name: flask}\n  versions: ['0.1']\n`,
    'c/bundle.json': JSON.stringify([
      { ...two, id: 'PYSEC-c' },
      { ...two, id: 'PYSEC-d' },
    ]),
    'bad/broken.json': '{"no": "id"}',
  });
  writeFileSync(
    path.join(dir, 'all.zip'),
    zip({
      'GO-1.json': JSON.stringify(
        rec('GO-1', [
          {
            package: { ecosystem: 'Go', name: 'stdlib' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.21.1' }] }],
          },
        ]),
      ),
      'readme.txt': 'x',
    }),
  );
  const dbFile = path.join(dir, 'vuln.db');
  const store = new VulnStore(dbFile);
  const result = await importOsv(store, [
    path.join(dir, 'a'),
    path.join(dir, 'b'),
    path.join(dir, 'c'),
    path.join(dir, 'all.zip'),
    path.join(dir, 'bad'),
  ]);
  assert.equal(result.records, 5);
  assert.equal(result.files, 5);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0]!.source, /broken\.json/);
  // names are compared as the ecosystem normalises them (PEP 503 for PyPI)
  assert.equal(store.affectedFor('pypi', 'django-rest').length, 1);
  await importOsv(store, [path.join(dir, 'a')]);
  const s = store.status();
  assert.equal(s.records, 5);
  assert.equal(s.affected, 5);
  assert.deepEqual(
    s.ecosystems.map((e) => e.ecosystem),
    ['Go', 'PyPI'],
  );
  assert.equal(s.newestModified, '2024-03-01T00:00:00Z');
  assert.ok(s.importedAt);
  store.close();
  // opened read-only for matching
  const ro = new VulnStore(dbFile, { readonly: true });
  assert.equal(ro.status().records, 5);
  ro.close();
});
