import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readImageMap, referenceKey } from '../../src/image/image-map.js';
import { imageUses, scanWorkloadImages } from '../../src/image/workload-images.js';
import { VulnStore } from '../../src/image/vulndb/store.js';
import { loadInventory } from '../../src/inventory/load.js';
import { tempTree } from '../helpers.js';

test('image map: YAML or JSON, paths relative to the file, keys compared as references', () => {
  const dir = tempTree({
    'map.yaml': 'nginx: ./images/nginx\n"registry.example:5000/shop/web:1.0": /abs/web.tar\n',
    'map.json': JSON.stringify({ 'docker.io/library/redis:7': 'redis:7' }),
    'list.yaml': '- nginx\n',
    'bad.yaml': 'nginx: { path: x }\n',
  });
  const map = readImageMap(path.join(dir, 'map.yaml'));
  assert.equal(map.get(referenceKey('docker.io/library/nginx:latest')), path.join(dir, 'images/nginx'));
  assert.equal(map.get(referenceKey('registry.example:5000/shop/web:1.0')), '/abs/web.tar');
  assert.equal(readImageMap(path.join(dir, 'map.json')).get(referenceKey('redis:7')), path.join(dir, 'redis:7'));
  assert.throws(() => readImageMap(path.join(dir, 'list.yaml')), /list\.yaml: expected a mapping/);
  assert.throws(() => readImageMap(path.join(dir, 'bad.yaml')), /bad\.yaml: the path for nginx must be/);
  assert.equal(referenceKey('not a ref!'), 'not a ref!');
});

test('distinct images are scanned once, from the map or not at all without pulls; local names never open files', async () => {
  const dir = tempTree({
    'app.yaml': ['a', 'b']
      .map(
        (n) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${n}, namespace: x }
spec:
  selector: { matchLabels: { app: ${n} } }
  template:
    metadata: { labels: { app: ${n} } }
    spec:
      initContainers: [{ name: init, image: "shop/tools:1" }]
      containers: [{ name: c, image: "shop/web:1" }, { name: d, image: "${path.join('/etc')}" }]
`,
      )
      .join('---\n'),
    'root/app/node_modules/left/package.json': JSON.stringify({ name: 'left', version: '1.0.0' }),
  });
  new VulnStore(path.join(dir, 'vuln.db')).close();
  const inventory = await loadInventory([path.join(dir, 'app.yaml')]);
  const uses = imageUses(inventory);
  assert.deepEqual([...uses.keys()].sort(), ['/etc', 'shop/tools:1', 'shop/web:1']);
  assert.deepEqual(
    uses.get('shop/web:1')!.map((u) => `${u.workload.name}/${u.container}`),
    ['a/c', 'b/c'],
  );
  const map = new Map([[referenceKey('shop/web:1'), path.join(dir, 'root')]]);
  const offline = await scanWorkloadImages(inventory, { map, db: path.join(dir, 'vuln.db'), pull: false });
  assert.deepEqual([...offline.images.keys()], ['shop/web:1']);
  assert.deepEqual(
    offline.images.get('shop/web:1')!.packages.map((p) => p.purl),
    ['pkg:npm/left@1.0.0'],
  );
  assert.deepEqual(offline.skipped, ['/etc', 'shop/tools:1']);
  assert.deepEqual(offline.errors, []);
  // Pulled, `/etc` is a registry reference (an invalid one: no request is made), never the local folder.
  const all = new Map([...map, [referenceKey('shop/tools:1'), path.join(dir, 'root')]]);
  const pulled = await scanWorkloadImages(
    { ...inventory, workloads: inventory.workloads.filter((w) => w.name === 'a') },
    { map: all, db: path.join(dir, 'vuln.db') },
  );
  assert.deepEqual([...pulled.images.keys()].sort(), ['shop/tools:1', 'shop/web:1']);
  const etc = pulled.errors.find((e) => e.message.startsWith('image /etc'))!;
  assert.match(etc.message, /^image \/etc \(run by Deployment\/x\/a\) could not be scanned: invalid repository name/);
  assert.equal(etc.object, 'Deployment/x/a');
  assert.ok(!pulled.images.has('/etc'));
});
