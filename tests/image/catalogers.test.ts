import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { catalogImage } from '../../src/image/catalog.js';
import { apk } from '../../src/image/catalogers/apk.js';
import { cargo } from '../../src/image/catalogers/cargo.js';
import { dpkg } from '../../src/image/catalogers/dpkg.js';
import { gem } from '../../src/image/catalogers/gem.js';
import { go, readGoBuildInfo } from '../../src/image/catalogers/go.js';
import { java } from '../../src/image/catalogers/java.js';
import { npm } from '../../src/image/catalogers/npm.js';
import { python } from '../../src/image/catalogers/python.js';
import { rpm, parseRpmHeader } from '../../src/image/catalogers/rpm.js';
import type { Cataloger } from '../../src/image/catalogers/types.js';
import { parseOsRelease } from '../../src/image/os.js';
import { openImage } from '../../src/image/source.js';
import { tempTree } from '../helpers.js';
import { goBinary, realDpkgStatus, zip } from './fixtures.js';

function run(c: Cataloger, p: string, content: string | Buffer, mode = 0o644) {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  assert.ok(c.matches(p, mode, buf.length), `${c.id} should match ${p}`);
  return c.parse({ path: p, content: buf, mode, size: buf.length });
}

test('dpkg: a real status file; Source: and its version kept; packages not installed skipped', () => {
  const status = realDpkgStatus();
  const r = run(
    dpkg,
    '/var/lib/dpkg/status',
    `${status}\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n`,
  );
  assert.ok(r.packages.length >= 40);
  assert.ok(!r.packages.some((p) => p.name === 'gone'));
  const withSource = r.packages.find((p) => p.source && p.source.version !== p.version);
  assert.ok(withSource, 'a package whose source version differs');
  assert.ok(r.packages.every((p) => p.type === 'deb' && p.version && p.arch));
  // distroless status.d: one file per package, no Status field; md5sums list owned files
  const d = run(
    dpkg,
    '/var/lib/dpkg/status.d/tzdata',
    'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
  );
  assert.deepEqual(
    d.packages.map((p) => p.name),
    ['tzdata'],
  );
  const m = run(dpkg, '/var/lib/dpkg/status.d/tzdata.md5sums', 'abc  usr/share/zoneinfo/UTC\n');
  assert.deepEqual(m.owned, [{ name: 'tzdata', files: ['/usr/share/zoneinfo/UTC'] }]);
  const l = run(dpkg, '/var/lib/dpkg/info/libc6:amd64.list', '/.\n/lib\n/lib/x86_64-linux-gnu/libc.so.6\n');
  assert.deepEqual(l.owned, [{ name: 'libc6', arch: 'amd64', files: ['/lib', '/lib/x86_64-linux-gnu/libc.so.6'] }]);
  assert.equal(dpkg.matches('/var/lib/dpkg/available', 0o644, 1), false);
});

test('apk: installed database with origin, license and owned files', () => {
  const db =
    'C:Q1abc=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\nF:usr/lib\nR:libcrypto.so.3\n\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n';
  const r = run(apk, '/lib/apk/db/installed', db);
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.version, p.source?.name]),
    [
      ['libcrypto3', '3.1.4-r5', 'openssl'],
      ['musl', '1.2.4-r2', 'musl'],
    ],
  );
  assert.deepEqual(r.owned?.[0]?.files, ['/usr/lib/libcrypto.so.3']);
  assert.deepEqual(r.packages[0]!.licenses, ['Apache-2.0']);
});

/** An rpm header blob (the rpmdb.sqlite form, without the magic) with string, string-array and int32 tags. */
function rpmHeader(tags: Record<number, string | string[] | number[]>): Buffer {
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  let off = 0;
  for (const [tag, value] of Object.entries(tags)) {
    const e = Buffer.alloc(16);
    e.writeUInt32BE(Number(tag), 0);
    let d: Buffer;
    if (typeof value === 'string') {
      e.writeUInt32BE(6, 4);
      d = Buffer.from(`${value}\0`);
      e.writeUInt32BE(1, 12);
    } else if (typeof value[0] === 'number') {
      while (off % 4 !== 0) {
        data.push(Buffer.alloc(1));
        off++;
      }
      e.writeUInt32BE(4, 4);
      d = Buffer.alloc(4 * value.length);
      (value as number[]).forEach((n, i) => d.writeInt32BE(n, i * 4));
      e.writeUInt32BE(value.length, 12);
    } else {
      e.writeUInt32BE(8, 4);
      d = Buffer.from((value as string[]).map((s) => `${s}\0`).join(''));
      e.writeUInt32BE(value.length, 12);
    }
    e.writeInt32BE(off, 8);
    entries.push(e);
    data.push(d);
    off += d.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(off, 4);
  return Buffer.concat([head, ...entries, ...data]);
}

test('rpm: packages from the header blobs of an rpmdb.sqlite', () => {
  const dir = tempTree({});
  const file = path.join(dir, 'rpmdb.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
  insert.run(
    rpmHeader({
      1000: 'openssl-libs',
      1001: '3.0.7',
      1002: '24.el9',
      1003: [1],
      1022: 'x86_64',
      1014: 'ASL 2.0',
      1044: 'openssl-3.0.7-24.el9.src.rpm',
      1116: [0, 1],
      1117: ['libssl.so.3', 'openssl.cnf'],
      1118: ['/usr/lib64/', '/etc/pki/tls/'],
    }),
  );
  insert.run(rpmHeader({ 1000: 'gpg-pubkey', 1001: 'fd431d51', 1002: '4ae0493b' }));
  insert.run(
    rpmHeader({ 1000: 'bash', 1001: '5.1.8', 1002: '6.el9', 1022: 'x86_64', 1044: 'bash-5.1.8-6.el9.src.rpm' }),
  );
  db.close();
  const r = run(rpm, '/var/lib/rpm/rpmdb.sqlite', readFileSync(file));
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.version, p.epoch, p.arch, p.source?.name]),
    [
      ['openssl-libs', '3.0.7-24.el9', '1', 'x86_64', 'openssl'],
      ['bash', '5.1.8-6.el9', undefined, 'x86_64', 'bash'],
    ],
  );
  assert.deepEqual(r.owned?.[0]?.files, ['/usr/lib64/libssl.so.3', '/etc/pki/tls/openssl.cnf']);
  assert.throws(() => parseRpmHeader(Buffer.from([0, 0, 0, 9, 0, 0, 0, 9]), new Set([1000])), /bad lengths/);
});

test('npm: package manifests in node_modules, not files inside packages', () => {
  assert.deepEqual(
    run(
      npm,
      '/app/node_modules/@types/node/package.json',
      '{"name":"@types/node","version":"20.1.0","license":"MIT"}',
    ).packages.map((p) => [p.name, p.licenses]),
    [['@types/node', ['MIT']]],
  );
  assert.equal(npm.matches('/app/node_modules/lodash/fp/package.json', 0o644, 10), false);
  assert.equal(npm.matches('/app/package.json', 0o644, 10), false);
  assert.deepEqual(run(npm, '/x/node_modules/bad/package.json', '{not json').packages, []);
  assert.deepEqual(run(npm, '/x/node_modules/nover/package.json', '{"name":"nover"}').packages, []);
});

test('python: METADATA, PKG-INFO and bare .egg-info files', () => {
  const meta =
    'Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\nLicense: BSD-3-Clause\n\nFlask is a web framework.\nName: not-this\n';
  assert.deepEqual(
    run(python, '/usr/lib/python3/site-packages/Flask-2.2.2.dist-info/METADATA', meta).packages.map((p) => [
      p.name,
      p.version,
      p.licenses,
    ]),
    [['Flask', '2.2.2', ['BSD-3-Clause']]],
  );
  assert.equal(
    run(python, '/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO', 'Name: six\nVersion: 1.16.0\n')
      .packages[0]?.name,
    'six',
  );
  assert.equal(
    run(python, '/usr/lib/python3/dist-packages/chardet-4.0.0.egg-info', 'Name: chardet\nVersion: 4.0.0\n').packages[0]
      ?.name,
    'chardet',
  );
  assert.equal(python.matches('/x/foo.dist-info/RECORD', 0o644, 1), false);
});

test('go: module build info of a Go binary (synthesized), and a real Debian Go binary', () => {
  const bin = goBinary([{ path: 'golang.org/x/net', version: 'v0.6.0' }], 'go1.20.1', {
    path: 'example.com/app',
    version: 'v1.2.3',
  });
  const r = run(go, '/usr/local/bin/app', bin, 0o755);
  assert.deepEqual(
    r.packages.map((p) => `${p.name}@${p.version}`),
    ['example.com/app@v1.2.3', 'golang.org/x/net@v0.6.0', 'stdlib@v1.20.1'],
  );
  assert.equal(go.matches('/etc/passwd', 0o644, 5000), false);
  const real = '/usr/bin/docker-registry';
  assert.ok(
    existsSync(real),
    `${real} is missing: install Debian's docker-registry (apt-get install -y docker-registry), as .ci/run does`,
  );
  const info = readGoBuildInfo(readFileSync(real));
  assert.match(info?.goVersion ?? '', /^go1\.\d+/);
  assert.equal(info?.path, 'github.com/docker/distribution/cmd/registry');
  const rr = run(go, real, readFileSync(real), 0o755);
  assert.deepEqual(
    rr.packages.map((p) => p.name),
    ['stdlib'],
  );
});

test('java: pom.properties (also in nested jars), MANIFEST.MF as a fallback', () => {
  const inner = zip({
    'META-INF/maven/org.yaml/snakeyaml/pom.properties': 'groupId=org.yaml\nartifactId=snakeyaml\nversion=1.33\n',
  });
  const manifestOnly = zip({
    'META-INF/MANIFEST.MF':
      'Manifest-Version: 1.0\nImplementation-Version: 2.0.1\nImplementation-Vendor-Id: com.example\n',
  });
  const outer = zip({
    'META-INF/maven/com.acme/app/pom.properties': '#generated\ngroupId=com.acme\nartifactId=app\nversion=1.0.0\n',
    'BOOT-INF/lib/snakeyaml-1.33.jar': inner,
    'BOOT-INF/lib/widget-2.0.1.jar': manifestOnly,
  });
  const r = run(java, '/app/app.jar', outer);
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.version, p.location]),
    [
      ['com.acme:app', '1.0.0', '/app/app.jar'],
      ['org.yaml:snakeyaml', '1.33', '/app/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar'],
      ['com.example:widget', '2.0.1', '/app/app.jar!/BOOT-INF/lib/widget-2.0.1.jar'],
    ],
  );
  assert.throws(() => run(java, '/app/broken.jar', 'not a zip'), /not a zip/);
});

test('gem and cargo: gemspecs and Cargo.lock', () => {
  const spec =
    '# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = "rack".freeze\n  s.version = "2.2.3"\n  s.licenses = ["MIT".freeze]\nend\n';
  assert.deepEqual(
    run(gem, '/usr/local/bundle/specifications/rack-2.2.3.gemspec', spec).packages.map((p) => [
      p.name,
      p.version,
      p.licenses,
    ]),
    [['rack', '2.2.3', ['MIT']]],
  );
  const lock =
    'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n\n[[package]]\nname = "time"\nversion = "0.1.45"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n';
  assert.deepEqual(
    run(cargo, '/src/Cargo.lock', lock).packages.map((p) => `${p.name}@${p.version}`),
    ['time@0.1.45'],
  );
});

test('os-release: quoting and ID_LIKE', () => {
  assert.deepEqual(
    parseOsRelease(
      'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nPRETTY_NAME="Ubuntu 22.04.3 LTS"\n',
    ),
    {
      id: 'ubuntu',
      versionId: '22.04',
      codename: 'jammy',
      prettyName: 'Ubuntu 22.04.3 LTS',
      like: ['debian'],
    },
  );
  assert.equal(parseOsRelease('NAME=x\n'), undefined);
});

test('files owned by an OS package are not cataloged again as language packages', async () => {
  const root = tempTree({
    'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
    'var/lib/dpkg/status':
      'Package: python3-six\nStatus: install ok installed\nVersion: 1.16.0-4\nArchitecture: all\nSource: six\n',
    'var/lib/dpkg/info/python3-six.list':
      '/usr/lib/python3/dist-packages/six-1.16.0.egg-info\n/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO\n',
    'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO': 'Name: six\nVersion: 1.16.0\n',
    'usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA': 'Name: requests\nVersion: 2.31.0\n',
  });
  const bin = path.join(root, 'usr/local/bin');
  mkdirSync(bin, { recursive: true });
  copyFileSync('/usr/bin/docker-registry', path.join(bin, 'registry'));
  chmodSync(path.join(bin, 'registry'), 0o755);
  const inv = await catalogImage(await openImage(root));
  assert.deepEqual(inv.packages.map((p) => `${p.cataloger}:${p.name}`).sort(), [
    'dpkg:python3-six',
    'go:stdlib',
    'python:requests',
  ]);
  const six = inv.packages.find((p) => p.name === 'python3-six')!;
  assert.equal(six.purl, 'pkg:deb/debian/python3-six@1.16.0-4?arch=all&distro=debian-12&upstream=six');
  assert.deepEqual(six.files?.length, 2);
});
