import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { scanImages } from '../../src/image/scan.js';
import { importOsv } from '../../src/image/vulndb/import.js';
import { VulnStore } from '../../src/image/vulndb/store.js';
import { sharedRoot, tempTree } from '../helpers.js';

test('scanImages: per image, packages and vulnerabilities with the attack vector and fixed versions; errors per image', async () => {
  const dir = tempTree({
    'img/app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.15' }),
    'img/app/node_modules/express/package.json': JSON.stringify({ name: 'express', version: '4.19.2' }),
  });
  const dbFile = path.join(dir, 'vuln.db');
  const store = new VulnStore(dbFile);
  await importOsv(store, [path.join(sharedRoot, 'conformance/image/osv-sample/npm')]);
  store.close();
  const [ok, bad] = await scanImages([path.join(dir, 'img'), path.join(dir, 'missing.tar')], {
    db: dbFile,
    secrets: false,
  });
  assert.deepEqual(ok!.packages.map((p) => p.purl).sort(), ['pkg:npm/express@4.19.2', 'pkg:npm/lodash@4.17.15']);
  const byId = Object.fromEntries(ok!.vulnerabilities.map((v) => [v.id, v]));
  assert.deepEqual(Object.keys(byId).sort(), ['GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw', 'GHSA-qw6h-vgh9-j6wx']);
  const v = byId['GHSA-35jh-r3h4-6jhm']!;
  assert.equal(v.network, true);
  assert.equal(v.attackVector, 'network');
  assert.deepEqual(v.fixedVersions, ['4.17.21']);
  assert.equal(v.package, 'pkg:npm/lodash@4.17.15');
  assert.equal(v.status, 'fixed');
  assert.match(bad!.error ?? '', /missing\.tar/);
  assert.deepEqual(bad!.packages, []);
});
