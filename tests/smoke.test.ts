import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';

test('the CLI prints its version', () => {
  const result = runCli(['--version']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
});
