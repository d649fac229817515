import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { cliPath, runCli } from './helpers.js';

test('the CLI prints its version', () => {
  const result = runCli(['--version']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('the built CLI is an executable script, as npx chokepoint runs it directly', () => {
  assert.ok((statSync(cliPath).mode & 0o111) !== 0, `${cliPath} is not executable`);
  assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
