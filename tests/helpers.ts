import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (tests run from dist/tests/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The read-only shared conformance data and corpus beside the repository. */
export const sharedRoot = path.resolve(repoRoot, '../shared');
export const corpusManifests = path.join(sharedRoot, 'corpus/manifests');
export const cliPath = path.join(repoRoot, 'dist/src/cli/main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, without a terminal. */
export function runCli(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
