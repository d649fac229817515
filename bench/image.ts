/**
 * Image benchmark (issue 8): imports 100,000 synthetic OSV records (four per-ecosystem all.zip archives, as
 * osv.dev publishes them) into a fresh database, then catalogs and matches an image of 500 Debian packages and
 * 2,000 npm packages (an OCI layout of two gzip layers, the secret scanner on) against it.
 *
 *   node dist/bench/image.js [--runs N]
 *
 * Targets: import under 30 s; catalog + match under 2 s.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogImage } from '../src/image/catalog.js';
import { openImage } from '../src/image/source.js';
import { importOsv } from '../src/image/vulndb/import.js';
import { matchPackages } from '../src/image/vulndb/match.js';
import type { OsvRecord } from '../src/image/vulndb/osv.js';
import { VulnStore } from '../src/image/vulndb/store.js';
import { ociLayout, tar, zip, type TarEntry } from '../tests/image/fixtures.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 3) || 3;
const work = path.join(os.tmpdir(), `chokepoint-bench-image-${process.pid}`);
mkdirSync(work, { recursive: true });
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// a deterministic generator, so every run measures the same data
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

const V3 = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N',
];
const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

function record(id: string, ecosystem: string, name: string, fixed: string): OsvRecord {
  const r: OsvRecord = {
    schema_version: '1.6.0',
    id,
    modified: '2025-01-01T00:00:00Z',
    published: '2024-06-01T00:00:00Z',
    aliases: [`CVE-2024-${id.replace(/\D/g, '').slice(-5)}`],
    summary: `Synthetic advisory ${id} for ${name}`,
    affected: [
      {
        package: { ecosystem, name },
        ranges: [{ type: ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
  };
  const k = rand(4);
  if (k < 3) r.severity = [{ type: 'CVSS_V3', score: V3[k]! }];
  else r.severity = [{ type: 'CVSS_V4', score: V4 }];
  return r;
}

function generateDatabase(): { files: string[]; records: number } {
  const sets: { eco: string; count: number; make: (i: number) => OsvRecord }[] = [
    {
      eco: 'Debian',
      count: 40_000,
      make: (i) => record(`DEBIAN-CVE-${i}`, 'Debian:12', `osp-${i % 5000}`, `1.${rand(20)}.0-1`),
    },
    {
      eco: 'npm',
      count: 40_000,
      make: (i) => record(`GHSA-npm-${i}`, 'npm', `npm-pkg-${i % 20_000}`, `2.${rand(14)}.0`),
    },
    { eco: 'PyPI', count: 10_000, make: (i) => record(`PYSEC-${i}`, 'PyPI', `py-pkg-${i % 4000}`, `3.${rand(9)}`) },
    { eco: 'Go', count: 10_000, make: (i) => record(`GO-${i}`, 'Go', `example.com/mod${i % 3000}`, `1.${rand(9)}.0`) },
  ];
  const files: string[] = [];
  let records = 0;
  for (const s of sets) {
    const entries: Record<string, string> = {};
    for (let i = 0; i < s.count; i++) {
      const r = s.make(i);
      entries[`${r.id}.json`] = JSON.stringify(r, null, 2);
    }
    const file = path.join(work, s.eco, 'all.zip');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, zip(entries));
    files.push(file);
    records += s.count;
  }
  return { files, records };
}

function generateImage(): string {
  const stanzas: string[] = [];
  for (let i = 0; i < 500; i++) {
    const source = i % 3 === 0 ? `Source: osp-src-${i}\n` : '';
    stanzas.push(
      `Package: osp-${i}\nStatus: install ok installed\n${source}Architecture: amd64\nVersion: 1.${i % 10}.0-1\nDescription: package ${i}\n`,
    );
  }
  const osLayer = tar([
    { name: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' },
    { name: 'var/lib/dpkg/status', content: stanzas.join('\n') },
  ]);
  const app: TarEntry[] = [];
  for (let i = 0; i < 2000; i++) {
    const dir = `app/node_modules/npm-pkg-${i}`;
    app.push({
      name: `${dir}/package.json`,
      content: JSON.stringify({ name: `npm-pkg-${i}`, version: `2.${i % 7}.3`, license: 'MIT', main: 'index.js' }),
    });
    app.push({
      name: `${dir}/index.js`,
      content: `'use strict';\nmodule.exports = function f${i}(x) {\n  return x + ${i};\n};\n`.repeat(8),
    });
  }
  return ociLayout([osLayer, tar(app)], { dir: path.join(work, 'image') });
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const g0 = process.hrtime.bigint();
  const db = generateDatabase();
  const image = generateImage();
  console.log(
    `generated ${db.records} records in ${db.files.length} all.zip archives and a 2-layer image in ${(ms(g0) / 1000).toFixed(1)} s`,
  );

  const dbFile = path.join(work, 'vuln.db');
  const i0 = process.hrtime.bigint();
  const store = new VulnStore(dbFile);
  const imported = await importOsv(store, db.files);
  store.close();
  const importMs = ms(i0);
  if (imported.records !== db.records || imported.errors.length > 0)
    throw new Error(`import: ${JSON.stringify(imported.errors.slice(0, 3))}`);

  const scans: { total: number; catalog: number; match: number; packages: number; matches: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const inv = await catalogImage(await openImage(image));
    const catalogMs = ms(t0);
    const m0 = process.hrtime.bigint();
    const ro = new VulnStore(dbFile, { readonly: true });
    const matches = matchPackages(ro, inv.packages, inv.os);
    ro.close();
    scans.push({
      total: ms(t0),
      catalog: catalogMs,
      match: ms(m0),
      packages: inv.packages.length,
      matches: matches.length,
    });
  }
  const s = scans[0]!;
  const rows = [
    [
      'import 100,000 records (4 all.zip)',
      `${(importMs / 1000).toFixed(2)} s`,
      '< 30 s',
      importMs < 30_000 ? 'ok' : 'OVER',
    ],
    [
      `catalog + match (${s.packages} packages, ${s.matches} matches), median of ${runs}`,
      `${median(scans.map((x) => x.total)).toFixed(0)} ms`,
      '< 2000 ms',
      median(scans.map((x) => x.total)) < 2000 ? 'ok' : 'OVER',
    ],
    ['  of which catalog (2 gzip layers, secrets on)', `${median(scans.map((x) => x.catalog)).toFixed(0)} ms`, '', ''],
    ['  of which match', `${median(scans.map((x) => x.match)).toFixed(0)} ms`, '', ''],
    ['first (cold) catalog + match', `${s.total.toFixed(0)} ms`, '', ''],
  ];
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    console.log(`${r[0]!.padEnd(w[0]!)}  ${r[1]!.padStart(w[1]!)}  ${r[2]!.padEnd(w[2]!)}  ${r[3]}`);
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
}

await main();
