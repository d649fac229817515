import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { ImageInventory } from '../../src/image/catalog.js';
import { buildPurl, canonicalPurl, parsePurl, purlOf } from '../../src/image/purl.js';
import { cyclonedxJson } from '../../src/image/sbom/cyclonedx.js';
import { spdxJson } from '../../src/image/sbom/spdx.js';
import type { Match, Package } from '../../src/image/types.js';
import { scoreCvss } from '../../src/image/vulndb/cvss.js';
import { sharedRoot } from '../helpers.js';

const schemas = path.join(sharedRoot, 'conformance/image/sbom-schemas');
const load = (f: string) => JSON.parse(readFileSync(path.join(schemas, f), 'utf8')) as Record<string, unknown>;

function validator(main: string, extra: string[]) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  // formats the CycloneDX schema uses that ajv-formats does not define
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  for (const [f, id] of extra.map((e) => e.split('=')))
    ajv.addSchema({ ...load(f!), $id: `http://cyclonedx.org/schema/${id ?? f}` });
  return ajv.compile(load(main));
}

const packages: Package[] = [
  {
    type: 'deb',
    name: 'libssl3',
    version: '3.0.11-1~deb12u2',
    ecosystem: 'Debian',
    arch: 'amd64',
    source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
    location: '/var/lib/dpkg/status',
    cataloger: 'dpkg',
    purl: '',
  },
  {
    type: 'apk',
    name: 'musl',
    version: '1.2.4-r2',
    ecosystem: 'Alpine',
    arch: 'x86_64',
    location: '/lib/apk/db/installed',
    cataloger: 'apk',
    purl: '',
    licenses: ['MIT'],
  },
  {
    type: 'rpm',
    name: 'openssl-libs',
    version: '3.0.7-24.el9',
    epoch: '1',
    ecosystem: 'Red Hat',
    arch: 'x86_64',
    location: '/var/lib/rpm/rpmdb.sqlite',
    cataloger: 'rpm',
    purl: '',
  },
  {
    type: 'npm',
    name: '@types/node',
    version: '20.1.0',
    ecosystem: 'npm',
    location: '/app/node_modules/@types/node/package.json',
    cataloger: 'npm',
    purl: '',
    licenses: ['MIT'],
  },
  {
    type: 'npm',
    name: 'lodash',
    version: '4.17.15',
    ecosystem: 'npm',
    location: '/a/node_modules/lodash/package.json',
    cataloger: 'npm',
    purl: '',
  },
  {
    type: 'npm',
    name: 'lodash',
    version: '4.17.15',
    ecosystem: 'npm',
    location: '/b/node_modules/lodash/package.json',
    cataloger: 'npm',
    purl: '',
  },
  {
    type: 'pypi',
    name: 'Django_Rest',
    version: '1.0',
    ecosystem: 'PyPI',
    location: '/x/METADATA',
    cataloger: 'python',
    purl: '',
    licenses: ['BSD License'],
  },
  {
    type: 'golang',
    name: 'github.com/gin-gonic/gin',
    version: 'v1.9.0',
    ecosystem: 'Go',
    location: '/usr/bin/app',
    cataloger: 'go',
    purl: '',
  },
  {
    type: 'golang',
    name: 'stdlib',
    version: 'v1.21.3',
    ecosystem: 'Go',
    location: '/usr/bin/app',
    cataloger: 'go',
    purl: '',
  },
  {
    type: 'maven',
    name: 'org.yaml:snakeyaml',
    namespace: 'org.yaml',
    version: '1.33',
    ecosystem: 'Maven',
    location: '/app.jar',
    cataloger: 'java',
    purl: '',
  },
  {
    type: 'gem',
    name: 'rack',
    version: '2.2.3',
    ecosystem: 'RubyGems',
    location: '/s/rack.gemspec',
    cataloger: 'gem',
    purl: '',
  },
  {
    type: 'cargo',
    name: 'time',
    version: '0.1.45',
    ecosystem: 'crates.io',
    location: '/Cargo.lock',
    cataloger: 'cargo',
    purl: '',
  },
];
const os = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
for (const p of packages) p.purl = purlOf(p, os);

const inventory: ImageInventory = {
  source: {
    kind: 'registry',
    input: 'registry.example/app:1.0',
    tags: ['registry.example/app:1.0'],
    digest: 'sha256:' + 'a'.repeat(64),
    layers: [],
  },
  os,
  packages,
  secrets: [],
  warnings: [],
};
const matches: Match[] = [
  {
    vulnerability: {
      id: 'GHSA-p6mc-m468-83gw',
      aliases: ['CVE-2020-8203'],
      severity: 'high',
      score: 7.4,
      cvss: [scoreCvss('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H')!],
      attackVector: 'network',
      summary: 'Prototype pollution',
    },
    package: packages[4]!,
    version: '4.17.15',
    advisory: { ecosystem: 'npm', name: 'lodash' },
    status: 'fixed',
    fixedVersions: ['4.17.20'],
  },
  {
    vulnerability: { id: 'DEBIAN-CVE-2024-0001', aliases: [], severity: 'unknown', cvss: [] },
    package: packages[0]!,
    version: '3.0.11-1~deb12u2',
    advisory: { ecosystem: 'Debian:12', name: 'openssl' },
    status: 'unfixed',
    fixedVersions: [],
  },
];
const tool = { name: 'chokepoint', version: '0.1.0' };

test('CycloneDX 1.6 JSON validates against the CycloneDX 1.6 schema; every component has its purl', () => {
  // the 1.6 schema refers to its companions by their published names
  const validate = validator('bom-1.6.schema.json', [
    'cyclonedx-spdx-license-ids.schema.json=spdx.SNAPSHOT.schema.json',
    'jsf-0.82.schema.json=jsf-0.82.SNAPSHOT.schema.json',
  ]);
  const text = cyclonedxJson(inventory, matches, tool);
  const bom = JSON.parse(text) as {
    specVersion: string;
    components: { purl?: string; type: string; 'bom-ref': string }[];
    vulnerabilities: { id: string; affects: { ref: string }[] }[];
  };
  const ok = validate(bom);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5)));
  assert.equal(bom.specVersion, '1.6');
  const libs = bom.components.filter((c) => c.type === 'library');
  assert.equal(libs.length, packages.length);
  assert.ok(libs.every((c) => c.purl && canonicalPurl(c.purl) === c.purl));
  assert.equal(new Set(bom.components.map((c) => c['bom-ref'])).size, bom.components.length, 'bom-refs are unique');
  assert.deepEqual(bom.vulnerabilities.map((v) => v.id).sort(), ['DEBIAN-CVE-2024-0001', 'GHSA-p6mc-m468-83gw']);
});

test('SPDX 2.3 JSON validates against the SPDX 2.3 schema; every package has a purl external reference', () => {
  const validate = validator('spdx-2.3.schema.json', []);
  const doc = JSON.parse(spdxJson(inventory, tool, new Date('2025-01-02T03:04:05Z'))) as {
    spdxVersion: string;
    packages: { SPDXID: string; externalRefs?: { referenceType: string; referenceLocator: string }[] }[];
    creationInfo: { created: string };
  };
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.equal(doc.spdxVersion, 'SPDX-2.3');
  assert.equal(doc.creationInfo.created, '2025-01-02T03:04:05Z');
  const withPurl = doc.packages.filter((p) => p.externalRefs?.some((r) => r.referenceType === 'purl'));
  assert.equal(withPurl.length, packages.length);
  assert.equal(new Set(doc.packages.map((p) => p.SPDXID)).size, doc.packages.length);
});

test('package URLs of every package type', () => {
  assert.deepEqual(
    packages.map((p) => p.purl),
    [
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl',
      'pkg:apk/debian/musl@1.2.4-r2?arch=x86_64&distro=debian-12',
      'pkg:rpm/debian/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=debian-12&epoch=1',
      'pkg:npm/%40types/node@20.1.0',
      'pkg:npm/lodash@4.17.15',
      'pkg:npm/lodash@4.17.15',
      'pkg:pypi/django-rest@1.0',
      'pkg:golang/github.com/gin-gonic/gin@v1.9.0',
      'pkg:golang/stdlib@v1.21.3',
      'pkg:maven/org.yaml/snakeyaml@1.33',
      'pkg:gem/rack@2.2.3',
      'pkg:cargo/time@0.1.45',
    ],
  );
});

interface PurlVector {
  description: string;
  purl: string | null;
  canonical_purl: string | null;
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
  is_invalid: boolean;
}

test('purl-spec vectors: parsing, components and canonical form (packageurl-js test suite and contrib tests)', (t) => {
  const dir = path.join(sharedRoot, 'conformance/image/purl-vectors');
  let n = 0;
  const failures: string[] = [];
  for (const f of ['packageurl-js-test-suite-data.json', 'packageurl-js-contrib-tests.json']) {
    const vectors = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as PurlVector[];
    for (const v of vectors) {
      n++;
      if (v.is_invalid) {
        let parsedOk = true;
        try {
          parsePurl(v.purl!);
        } catch {
          parsedOk = false;
        }
        let builtOk = true;
        try {
          buildPurl(v.type!, v.namespace, v.name!, v.version, v.qualifiers, v.subpath);
        } catch {
          builtOk = false;
        }
        if (parsedOk && builtOk) failures.push(`${f}: ${v.description}: accepted an invalid purl`);
        continue;
      }
      try {
        const p = parsePurl(v.purl!);
        const got = {
          type: p.type,
          namespace: p.namespace ?? null,
          name: p.name,
          version: p.version ?? null,
          qualifiers: p.qualifiers ? { ...p.qualifiers } : null,
          subpath: p.subpath ?? null,
        };
        const want = {
          type: v.type,
          namespace: v.namespace,
          name: v.name,
          version: v.version,
          qualifiers: v.qualifiers,
          subpath: v.subpath,
        };
        assert.deepEqual(got, want);
        assert.equal(canonicalPurl(v.purl!), v.canonical_purl);
        assert.equal(buildPurl(v.type!, v.namespace, v.name!, v.version, v.qualifiers, v.subpath), v.canonical_purl);
      } catch (e) {
        failures.push(`${f}: ${v.description}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  t.diagnostic(`${n} purl vectors`);
});
