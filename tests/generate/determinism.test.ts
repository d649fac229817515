import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { x as extract } from 'tar';
import { generateCluster } from '../../bench/generator/index.js';
import { hashTree, listFiles, tempDir } from './dump.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function generateTree(
  pods: number,
  seed: string,
  profile: 'default' | 'flat-network' | 'locked-down' = 'default',
) {
  const out = tempDir('det');
  dirs.push(out);
  await generateCluster({ pods, seed, profile, out });
  return out;
}

test('the same seed and options give the same bytes; another seed gives others', async () => {
  const a = await generateTree(2000, '1');
  const b = await generateTree(2000, '1');
  const c = await generateTree(2000, '2');
  assert.deepEqual(listFiles(a), listFiles(b));
  assert.equal(hashTree(a), hashTree(b));
  assert.notEqual(hashTree(a), hashTree(c));
});

test('profiles differ from each other', async () => {
  const a = await generateTree(500, '1', 'default');
  const b = await generateTree(500, '1', 'locked-down');
  assert.notEqual(hashTree(a), hashTree(b));
});

test('a .tar.gz output holds the same files as a folder output, byte for byte, and is itself reproducible', async () => {
  const work = tempDir('tar');
  dirs.push(work);
  const folder = await generateTree(300, '5');
  const first = path.join(work, 'first.tar.gz');
  const second = path.join(work, 'second.tar.gz');
  const summary = await generateCluster({ pods: 300, seed: '5', out: first });
  assert.equal(summary.archive, true);
  await generateCluster({ pods: 300, seed: '5', out: second });
  assert.deepEqual(readFileSync(first), readFileSync(second));
  const unpacked = path.join(work, 'unpacked');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(unpacked);
  await extract({ file: first, cwd: unpacked });
  assert.deepEqual(listFiles(unpacked), listFiles(folder));
  assert.equal(hashTree(unpacked), hashTree(folder));
});

test('refuses to write into a folder that is not empty, unless forced', async () => {
  const out = await generateTree(20, '1');
  await assert.rejects(generateCluster({ pods: 20, seed: '1', out }), /not empty/);
  const before = hashTree(out);
  await generateCluster({ pods: 20, seed: '1', out, force: true });
  assert.equal(hashTree(out), before);
});

test('rejects a negative or fractional pod count', async () => {
  const out = tempDir('bad');
  dirs.push(out);
  await assert.rejects(generateCluster({ pods: -1, out }), /--pods/);
  await assert.rejects(generateCluster({ pods: 1.5, out }), /--pods/);
});
