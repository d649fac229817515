import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { catalogImage } from '../../src/image/catalog.js';
import { escapes, LimitError, safeEntryPath } from '../../src/image/layers.js';
import { openImage } from '../../src/image/source.js';
import { tempTree } from '../helpers.js';
import { ociLayout, tar } from './fixtures.js';

const pkgJson = (name: string, version: string) => JSON.stringify({ name, version });

async function catalog(dir: string, limits = {}) {
  return catalogImage(await openImage(dir), { limits });
}

test('entry names: absolute and climbing names are refused, ./ and plain names kept', () => {
  assert.equal(safeEntryPath('./etc/passwd'), '/etc/passwd');
  assert.equal(safeEntryPath('usr/bin/'), '/usr/bin');
  assert.equal(safeEntryPath('/etc/passwd'), undefined);
  assert.equal(safeEntryPath('../evil'), undefined);
  assert.equal(safeEntryPath('a/../../b'), undefined);
  assert.equal(safeEntryPath('a/../b'), undefined);
  assert.equal(escapes('../../etc/passwd'), true);
  assert.equal(escapes('/usr/../etc'), false);
  assert.equal(escapes('a/../../b'), true);
});

test('tar traversal: entries with .. or absolute names are skipped with a warning, never applied', async () => {
  const layer = tar([
    { name: '../evil/node_modules/x/package.json', content: pkgJson('x', '1.0.0') },
    { name: '/abs/node_modules/y/package.json', content: pkgJson('y', '1.0.0') },
    { name: 'app/node_modules/z/../../../../etc/node_modules/w/package.json', content: pkgJson('w', '1.0.0') },
    { name: './app/node_modules/ok/package.json', content: pkgJson('ok', '1.0.0') },
  ]);
  const inv = await catalog(ociLayout([layer]));
  assert.deepEqual(
    inv.packages.map((p) => p.name),
    ['ok'],
  );
  assert.equal(inv.warnings.filter((w) => /unsafe entry name/.test(w.message)).length, 3);
});

test('symlink escape: an os-release link climbing out of the image is not followed', async () => {
  const layer = tar([
    { name: 'etc/', type: 'dir' },
    { name: 'etc/os-release', type: 'symlink', linkname: '../../../../../../etc/os-release' },
    { name: 'usr/lib/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
  ]);
  const inv = await catalog(ociLayout([layer]));
  // /etc/os-release is refused; /usr/lib/os-release (the fallback os-release(5) names) is read
  assert.equal(inv.os?.id, 'alpine');
  assert.ok(inv.warnings.some((w) => w.path === '/etc/os-release' && /outside the image/.test(w.message)));
  // links inside the image resolve with the image as the root
  const ok = tar([
    { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
    { name: 'usr/lib/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
  ]);
  assert.equal((await catalog(ociLayout([ok]))).os?.versionId, '12');
  const absolute = tar([
    { name: 'etc/os-release', type: 'symlink', linkname: '/usr/lib/os-release' },
    { name: 'usr/lib/os-release', content: 'ID=ubuntu\nVERSION_ID="22.04"\n' },
  ]);
  assert.equal((await catalog(ociLayout([absolute]))).os?.id, 'ubuntu');
});

test('symlink escape in a root folder: links to host files are recorded, never read', async () => {
  const outside = tempTree({ 'os-release': 'ID=evil\n', 'node_modules/leak/package.json': pkgJson('leak', '1.0.0') });
  const root = tempTree({ 'usr/lib/os-release': 'ID=debian\nVERSION_ID="12"\n' });
  symlinkSync(path.join(outside, 'os-release'), path.join(root, 'usr/lib/host-os-release'));
  symlinkSync('../../../../../../../..' + path.join(outside, 'os-release'), path.join(root, 'os-release-rel'));
  const etc = path.join(root, 'etc');
  symlinkSync(path.join(outside, 'os-release'), etc + '-link');
  writeFileSync(path.join(root, 'marker'), '');
  symlinkSync(path.join(outside, 'node_modules'), path.join(root, 'node_modules'));
  const inv = await catalog(root);
  assert.equal(inv.os?.id, 'debian');
  assert.deepEqual(inv.packages, []);
  assert.ok(readdirSync(root).includes('node_modules'));
});

test('whiteouts and opaque directories hide lower layers; later layers win', async () => {
  const lower = tar([
    { name: 'app/node_modules/a/package.json', content: pkgJson('a', '1.0.0') },
    { name: 'app/node_modules/b/package.json', content: pkgJson('b', '1.0.0') },
    { name: 'opt/x/node_modules/c/package.json', content: pkgJson('c', '1.0.0') },
    { name: 'srv/node_modules/e/package.json', content: pkgJson('e', '1.0.0') },
  ]);
  const upper = tar([
    { name: 'app/node_modules/.wh.a', content: '' },
    { name: 'opt/x/.wh..wh..opq', content: '' },
    { name: 'opt/x/node_modules/d/package.json', content: pkgJson('d', '2.0.0') },
    { name: 'srv/node_modules/e/package.json', content: pkgJson('e', '2.0.0') },
  ]);
  const inv = await catalog(ociLayout([lower, upper]));
  assert.deepEqual(
    inv.packages.map((p) => `${p.name}@${p.version}`),
    ['b@1.0.0', 'd@2.0.0', 'e@2.0.0'],
  );
  // a whole directory whited out, then recreated in a later layer
  const third = tar([{ name: '.wh.app', content: '' }]);
  const inv3 = await catalog(ociLayout([lower, upper, third]));
  assert.deepEqual(
    inv3.packages.map((p) => p.name),
    ['d', 'e'],
  );
});

test('hard links to metadata files are followed within the image', async () => {
  const layer = tar([
    { name: 'a/node_modules/h/package.json', content: pkgJson('h', '1.0.0') },
    { name: 'b/node_modules/h/package.json', type: 'hardlink', linkname: 'a/node_modules/h/package.json' },
  ]);
  const inv = await catalog(ociLayout([layer]));
  assert.deepEqual(
    inv.packages.map((p) => p.location),
    ['/a/node_modules/h/package.json', '/b/node_modules/h/package.json'],
  );
});

test('decompression bomb: a layer over the compression-ratio limit is refused with a clear error', async () => {
  const bomb = tar([{ name: 'zeros', size: 16 * 1024 * 1024 }]);
  assert.ok(zlib.gzipSync(bomb).length < 100_000);
  await assert.rejects(
    catalog(ociLayout([bomb]), { maxRatio: 100, ratioFloorBytes: 1024 * 1024 }),
    (e: unknown) => e instanceof LimitError && e.limit === 'ratio' && /decompression bomb/.test(e.message),
  );
});

test('limits on total bytes and entry count stop a layer with a clear error', async () => {
  const many = tar(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, content: 'x' })));
  await assert.rejects(
    catalog(ociLayout([many]), { maxEntries: 20 }),
    (e: unknown) => e instanceof LimitError && e.limit === 'entries',
  );
  const big = tar([{ name: 'big', content: Buffer.alloc(200_000, 7) }]);
  await assert.rejects(
    catalog(ociLayout([big]), { maxTotalBytes: 100_000 }),
    (e: unknown) => e instanceof LimitError && e.limit === 'bytes' && /decompressed bytes/.test(e.message),
  );
});

test('digests are verified: a tampered layer blob is refused', async () => {
  const dir = ociLayout([tar([{ name: 'a/node_modules/t/package.json', content: pkgJson('t', '1.0.0') }])], {
    raw: true,
  });
  const blobs = path.join(dir, 'blobs/sha256');
  // the layer is the largest blob; rewrite it with other bytes of the same length
  const files = readdirSync(blobs).map((f) => path.join(blobs, f));
  const { statSync, readFileSync } = await import('node:fs');
  const layer = files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const data = readFileSync(layer);
  data.write('b/node_modules/t/', 0);
  writeFileSync(layer, data);
  await assert.rejects(catalog(dir), /digest/);
});
