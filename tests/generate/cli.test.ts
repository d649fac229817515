import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerGenerate } from '../../src/cli/generate.js';
import { runCli } from '../helpers.js';
import { tempDir } from './dump.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `chokepoint generate ...` in-process against a program that has only this command. */
async function run(args: string[]): Promise<{ error?: unknown; stderr: string }> {
  const program = new Command().name('chokepoint').exitOverride();
  let stderr = '';
  program.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => undefined });
  registerGenerate(program);
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await program.parseAsync(['generate', ...args], { from: 'user' });
    return { stderr };
  } catch (error) {
    return { error, stderr };
  } finally {
    process.stderr.write = original;
  }
}

test('generate writes the dump and a one-line summary on stderr', async () => {
  const out = path.join(tempDir('cli'), 'dump');
  dirs.push(path.dirname(out));
  const result = await run(['--pods', '120', '--seed', '3', '--profile', 'locked-down', '--out', out]);
  assert.equal(result.error, undefined);
  assert.match(
    result.stderr,
    /^generated \d+ objects \(120 pods, \d+ nodes, \d+ namespaces\) in \d+ files, [\d.]+ [KMG]i?B, [\d.]+ s -> .+\n$/,
  );
  assert.deepEqual(readdirSync(out).sort(), ['cluster', 'namespaces']);
  const nodes = JSON.parse(readFileSync(path.join(out, 'cluster', 'nodes.json'), 'utf8')) as { items: unknown[] };
  assert.ok(nodes.items.length > 0);
});

test('generate rejects bad arguments', async () => {
  const out = tempDir('cli-bad');
  dirs.push(out);
  for (const args of [
    ['--pods', '-3', '--out', out],
    ['--pods', 'many', '--out', out],
    ['--pods', '10', '--profile', 'wide-open', '--out', out],
    ['--pods', '10'],
  ]) {
    const result = await run(args);
    assert.ok(result.error instanceof CommanderError, `${args.join(' ')} was accepted`);
  }
});

test('chokepoint generate through the built CLI', () => {
  const out = path.join(tempDir('cli-main'), 'dump');
  dirs.push(path.dirname(out));
  const result = runCli(['generate', '--pods', '50', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^generated \d+ objects \(50 pods/);
});
