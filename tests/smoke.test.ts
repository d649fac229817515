import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cliPath, runCli } from './helpers.js';

test('the CLI prints its version', () => {
  const result = runCli(['--version']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('the built CLI is an executable script, as npx chokepoint runs it directly', () => {
  assert.ok((statSync(cliPath).mode & 0o111) !== 0, `${cliPath} is not executable`);
  // `env -S` splits the V8 flag off (src/cli/main.ts says why the flag): run the file itself, as a shell does.
  assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env -S node --max-semi-space-size=64\n/);
  const direct = spawnSync(cliPath, ['--version'], { encoding: 'utf8' });
  assert.equal(direct.status, 0, direct.stderr);
  assert.match(direct.stdout, /^\d+\.\d+\.\d+\n$/);
});
