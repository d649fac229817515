import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Report } from '../src/report/model.js';
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
export function runCli(
  args: string[],
  options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const reportSchema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/report.schema.json'), 'utf8')) as object;
const reportAjv = new Ajv({ allErrors: true });
addFormats.default(reportAjv);
const validateReportSchema = reportAjv.compile(reportSchema);

/** Parses a JSON report and fails unless it is valid against schemas/report.schema.json (DESIGN.md §5). */
export function parseValidReport(json: string): Report {
  const value: unknown = JSON.parse(json);
  if (!validateReportSchema(value)) {
    throw new Error(`report does not match schemas/report.schema.json: ${JSON.stringify(validateReportSchema.errors)}`);
  }
  return value as Report;
}

const tempRoots: string[] = [];
process.once('exit', () => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

/** A fresh temporary folder holding `files` (path → content), removed when the test process ends. */
export function tempTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'chokepoint-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  tempRoots.push(root);
  return root;
}
