import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scanImage } from '../../src/image/scan.js';
import { schemeForEcosystem } from '../../src/image/versions/index.js';
import { importOsv } from '../../src/image/vulndb/import.js';
import { parseOsv, type OsvAffected, type OsvRecord } from '../../src/image/vulndb/osv.js';
import { VulnStore } from '../../src/image/vulndb/store.js';
import { sharedRoot, tempTree } from '../helpers.js';
import { goBinary, zip } from './fixtures.js';

/**
 * Every record of ../shared/conformance/image/osv-sample, matched in images: for each affected package, a root
 * folder image holding an affected and an unaffected version of it (for distribution advisories, with the
 * distribution's os-release); the affected one must match the record and the unaffected one must not.
 */
const SAMPLE = path.join(sharedRoot, 'conformance/image/osv-sample');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const f = path.join(dir, n);
      return statSync(f).isDirectory() ? files(f) : /\.(json|ya?ml)$/.test(n) ? [f] : [];
    });
}

const LOWEST: Record<string, string> = {
  debian: '0.0.1-1',
  ubuntu: '0.0.1-0ubuntu1',
  alpine: '0.0.1-r0',
  npm: '0.0.1',
  pypi: '0.0.1',
  go: '0.0.0-20000101000000-000000000000',
  maven: '0.0.1',
  'crates.io': '0.0.1',
};

interface Case {
  affected?: string;
  unaffected?: string;
}

/** An affected and an unaffected version, read off the entry's events and versions as the OSV schema defines them. */
function pick(a: OsvAffected): Case {
  const eco = a.package!.ecosystem;
  const base = eco.split(':')[0]!.toLowerCase();
  const scheme = schemeForEcosystem(eco)!;
  const listed = a.versions ?? [];
  const c: Case = {};
  const fixed: string[] = [];
  const introduced: string[] = [];
  for (const r of a.ranges ?? []) {
    if (r.type === 'GIT') continue;
    for (const e of r.events) {
      if (e.fixed !== undefined) fixed.push(e.fixed);
      if (e.introduced !== undefined) introduced.push(e.introduced);
      if (e.last_affected !== undefined) c.affected ??= e.last_affected;
    }
  }
  // an introduced version is affected (unless a fixed event names the same version); "0" means the lowest
  for (const i of introduced) {
    if (fixed.some((f) => scheme.compare(f, i) === 0)) continue;
    if (i !== '0') {
      c.affected ??= i;
      continue;
    }
    const lowest = a.package!.name === 'stdlib' ? '1.0.0' : LOWEST[base]!;
    if (fixed.every((f) => scheme.compare(lowest, f) < 0)) c.affected ??= lowest;
  }
  c.affected ??= listed[0];
  // the toolchain cannot be at `1.26.0-0` (the lowest pre-release OSV uses as a bound): 1.26.0 is in the same range
  if (a.package!.name === 'stdlib' && c.affected) c.affected = c.affected.replace(/-0$/, '');
  // a fixed version is not affected (unless re-introduced at the same version or listed)
  c.unaffected = fixed.find((f) => !introduced.some((i) => scheme.compare(f, i) === 0) && !listed.includes(f));
  if (!c.unaffected && introduced.length === 0 && listed.length > 0) c.unaffected = '999.999.999';
  return c;
}

const OS: Record<string, (release: string) => string> = {
  debian: (r) => `ID=debian\nVERSION_ID="${r}"\n`,
  ubuntu: (r) => `ID=ubuntu\nID_LIKE=debian\nVERSION_ID="${r}"\n`,
  alpine: (r) => `ID=alpine\nVERSION_ID=${r.replace(/^v/, '')}.0\n`,
};

/** Writes a package of this ecosystem at `version` under `tag` into a root folder. */
function place(root: string, eco: string, name: string, version: string, tag: string, stanzas: string[]): void {
  const base = eco.split(':')[0]!.toLowerCase();
  const write = (rel: string, content: string | Buffer, mode = 0o644) => {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, content);
    chmodSync(f, mode);
  };
  switch (base) {
    case 'debian':
    case 'ubuntu':
      write(`var/lib/dpkg/status.d/${name}-${tag}`, `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\n`);
      break;
    case 'alpine':
      stanzas.push(`P:${name}\nV:${version}\nA:x86_64\no:${name}\n`);
      write('lib/apk/db/installed', stanzas.join('\n'));
      break;
    case 'npm':
      write(`${tag}/node_modules/${name}/package.json`, JSON.stringify({ name, version }));
      break;
    case 'pypi':
      write(
        `${tag}/site-packages/${name}-${version}.dist-info/METADATA`,
        `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`,
      );
      break;
    case 'go': {
      const bin =
        name === 'stdlib'
          ? goBinary([], goToolchain(version))
          : goBinary([{ path: name, version: `v${version.replace(/^v/, '')}` }]);
      write(`${tag}/bin/app`, bin, 0o755);
      break;
    }
    case 'maven': {
      const [g, a] = name.split(':');
      write(
        `${tag}/lib/${a}.jar`,
        zip({ [`META-INF/maven/${g}/${a}/pom.properties`]: `groupId=${g}\nartifactId=${a}\nversion=${version}\n` }),
      );
      break;
    }
    case 'crates.io':
      write(
        `${tag}/Cargo.lock`,
        `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`,
      );
      break;
    default:
      throw new Error(`no cataloger places ${eco} packages`);
  }
}

/** A toolchain version as `go version` prints it: `1.27.0-rc.3` → `go1.27rc3`, `1.21.3` → `go1.21.3`. */
function goToolchain(v: string): string {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-(rc|beta)\.(\d+))?$/.exec(v);
  if (!m) return `go${v}`;
  return m[4] ? `go${m[1]}.${m[2]}${m[4]}${m[5]}` : `go${m[1]}.${m[2]}.${m[3]}`;
}

function comparable(eco: string, v: string): string {
  return eco === 'Go' ? v.replace(/^v/, '') : v;
}

test('every osv-sample record is matched correctly in images holding an affected and an unaffected version', async (t) => {
  const top = tempTree({});
  const fresh = () => mkdtempSync(path.join(top, 'image-'));
  const store = new VulnStore(':memory:');
  const imported = await importOsv(store, [SAMPLE]);
  assert.deepEqual(imported.errors, []);
  const records = new Map<string, OsvRecord>();
  for (const f of files(SAMPLE)) {
    const r = parseOsv(readFileSync(f, 'utf8'), f);
    records.set(r.id, r);
  }
  let checkedAffected = 0;
  let checkedUnaffected = 0;
  const unmatchable: string[] = [];
  for (const record of records.values()) {
    const entries = (record.affected ?? []).filter(
      (a) => a.package && ((a.ranges ?? []).some((r) => r.type !== 'GIT') || (a.versions ?? []).length > 0),
    );
    if (entries.length === 0) {
      // no package range (GIT-only, or no affected packages): stored, matched against nothing
      const n = store.db.prepare('SELECT COUNT(*) AS n FROM affected WHERE vuln_id = ?').get(record.id) as {
        n: number;
      };
      assert.equal(n.n, 0, record.id);
      assert.ok(store.vuln(record.id), `${record.id} is stored`);
      unmatchable.push(record.id);
      continue;
    }
    for (const a of entries) {
      const eco = a.package!.ecosystem;
      const name = a.package!.name;
      const { affected, unaffected } = pick(a);
      assert.ok(affected, `${record.id}: no affected version for ${eco}/${name}`);
      const base = eco.split(':')[0]!.toLowerCase();
      const release = eco.split(':').filter((p) => /^v?\d/.test(p))[0];
      const root = fresh();
      const stanzas: string[] = [];
      if (OS[base]) {
        mkdirSync(path.join(root, 'etc'), { recursive: true });
        writeFileSync(path.join(root, 'etc/os-release'), OS[base]!(release ?? '1'));
      }
      place(root, eco, name, affected, 'a', stanzas);
      if (unaffected) place(root, eco, name, unaffected, 'u', stanzas);
      const { matches } = await scanImage(root, { db: store, secrets: false });
      const hits = matches
        .filter((m) => m.vulnerability.id === record.id)
        .map((m) => comparable(a.package!.ecosystem, m.version));
      assert.ok(
        hits.includes(comparable(eco, affected)),
        `${record.id}: ${eco}/${name}@${affected} should match (got ${hits.join(', ') || 'none'})`,
      );
      checkedAffected++;
      if (unaffected) {
        assert.ok(
          !hits.includes(comparable(eco, unaffected)),
          `${record.id}: ${eco}/${name}@${unaffected} should not match`,
        );
        checkedUnaffected++;
      } else if (OS[base]) {
        // every version affected (no fix yet): the same package in another release of the distribution is not
        const other = fresh();
        mkdirSync(path.join(other, 'etc'));
        writeFileSync(path.join(other, 'etc/os-release'), OS[base]!('99'));
        place(other, eco, name, affected, 'a', []);
        const again = await scanImage(other, { db: store, secrets: false });
        assert.ok(
          !again.matches.some((m) => m.vulnerability.id === record.id),
          `${record.id}: release 99 should not match`,
        );
        const unfixed = matches.find((m) => m.vulnerability.id === record.id);
        assert.equal(unfixed?.status, 'unfixed', `${record.id} has no fix`);
        checkedUnaffected++;
      }
    }
  }
  assert.ok(records.size >= 70, `records: ${records.size}`);
  assert.ok(
    checkedAffected >= 90 && checkedUnaffected >= 80,
    `${checkedAffected} affected, ${checkedUnaffected} unaffected cases`,
  );
  assert.deepEqual(unmatchable.sort(), ['CVE-2023-41045', 'RHSA-2022:0216', 'SUSE-FU-2022:0444-1']);
  t.diagnostic(
    `${records.size} records (${files(SAMPLE).length} files): ${checkedAffected} affected and ${checkedUnaffected} unaffected placements, ${unmatchable.length} without package ranges`,
  );
  store.close();
});
