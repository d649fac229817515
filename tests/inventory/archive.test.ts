import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createWriteStream } from 'node:fs';
import { create, Header } from 'tar';
import { loadInventory } from '../../src/inventory/load.js';
import { tempTree } from '../helpers.js';
import { configMap } from './fixtures.js';

function list(items: unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4);
}

test('a .tar.gz cluster dump loads like the folder it packs, each object named by archive and entry', async () => {
  const root = tempTree({
    'dump/cluster/namespaces.json': list([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]),
    'dump/namespaces/shop/configmaps.json': list([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'shop' } },
    ]),
    'dump/README.txt': 'not a manifest',
  });
  const archive = path.join(root, 'dump.tar.gz');
  await create({ gzip: true, file: archive, cwd: root }, ['dump']);
  const fromArchive = await loadInventory([archive]);
  const fromFolder = await loadInventory([path.join(root, 'dump')]);
  assert.deepEqual(fromArchive.errors, []);
  const key = (inv: typeof fromArchive): string[] =>
    inv.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`).sort();
  assert.deepEqual(key(fromArchive), key(fromFolder));
  const b = fromArchive.objects.find((o) => o.name === 'b')!;
  assert.equal(b.source.file, `${archive}!/dump/namespaces/shop/configmaps.json`);
  // The second item's opening brace is on line 13 of the pretty-printed list.
  assert.equal(b.source.line, 13);
  assert.deepEqual(fromArchive.inputs[0], {
    source: archive,
    objects: 3,
    files: 2,
    kinds: { Namespace: 1, ConfigMap: 2 },
  });
});

/** Writes a gzipped tar whose entries are given raw, so that hostile names and types can be made. */
async function rawArchive(
  entries: { path: string; type?: 'File' | 'SymbolicLink'; body?: string; linkpath?: string }[],
): Promise<string> {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = new Header({
      path: entry.path,
      type: entry.type ?? 'File',
      size: entry.type === 'SymbolicLink' ? 0 : body.length,
      mode: 0o644,
      mtime: new Date(0),
      ...(entry.linkpath ? { linkpath: entry.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (entry.type !== 'SymbolicLink') blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'chokepoint-tar-')), 'x.tar.gz');
  await pipeline(Readable.from([Buffer.concat(blocks)]), createGzip(), createWriteStream(file));
  return file;
}

test('archive entries with .. or absolute paths, and links, are reported and never read', async () => {
  const archive = await rawArchive([
    { path: '../escape.yaml', body: configMap('escape') },
    { path: '/etc/abs.yaml', body: configMap('abs') },
    { path: 'link.yaml', type: 'SymbolicLink', linkpath: '/etc/passwd' },
    { path: 'ok.yaml', body: configMap('ok') },
  ]);
  const inventory = await loadInventory([archive]);
  assert.deepEqual(
    inventory.objects.filter((o) => !o.implied).map((o) => o.name),
    ['ok'],
  );
  assert.deepEqual(
    inventory.errors.map((e) => [e.file.slice(archive.length), e.message]),
    [
      ['!/../escape.yaml', 'unsafe path in archive (absolute or with ..); skipped'],
      ['!//etc/abs.yaml', 'unsafe path in archive (absolute or with ..); skipped'],
      ['!/link.yaml', 'link entry in archive, not followed; skipped'],
    ],
  );
});

test('a decompression bomb stops with a clear error; what was read before it is kept', async () => {
  const zeros = '\n'.repeat(64 * 1024 * 1024);
  const archive = await rawArchive([
    { path: 'ok.yaml', body: configMap('ok') },
    { path: 'bomb.yaml', body: `# ${zeros}` },
  ]);
  const before = process.memoryUsage().rss;
  const inventory = await loadInventory([archive], { limits: { maxFileBytes: 1024 * 1024 * 1024 } });
  assert.ok(process.memoryUsage().rss - before < 512 * 1024 * 1024);
  assert.deepEqual(
    inventory.objects.filter((o) => !o.implied).map((o) => o.name),
    ['ok'],
  );
  assert.equal(inventory.errors.length, 1);
  assert.equal(inventory.errors[0]!.file, archive);
  assert.match(
    inventory.errors[0]!.message,
    /unpacks over 200 times its compressed size: a likely decompression bomb; stopped reading it/,
  );
});

test('archive limits on total size, entry count and entry size are enforced', async () => {
  const archive = await rawArchive([
    { path: 'a.yaml', body: configMap('a') },
    { path: 'b.yaml', body: configMap('b', 'default', `x: "${'y'.repeat(2000)}"`) },
    { path: 'c.yaml', body: configMap('c') },
  ]);
  const entries = await loadInventory([archive], { limits: { maxArchiveEntries: 2 } });
  assert.match(entries.errors.at(-1)!.message, /holds over 2 entries/);
  const entry = await loadInventory([archive], { limits: { maxFileBytes: 1000 } });
  assert.deepEqual(
    entry.objects.filter((o) => !o.implied).map((o) => o.name),
    ['a', 'c'],
  );
  assert.match(entry.errors[0]!.message, /^entry is \d+ bytes, over the 1000-byte limit/);
  const total = await loadInventory([archive], { limits: { maxArchiveBytes: 1024 } });
  assert.match(total.errors.at(-1)!.message, /unpacks to over 1024 bytes/);
  // A file that is not gzip at all is an error, not a crash.
  const fake = path.join(mkdtempSync(path.join(tmpdir(), 'chokepoint-tar-')), 'fake.tar.gz');
  writeFileSync(fake, 'not gzip');
  const bad = await loadInventory([fake]);
  assert.match(bad.errors[0]!.message, /^archive cannot be read: /);
});
