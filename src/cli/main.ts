#!/usr/bin/env -S node --max-semi-space-size=64
// The analysis makes millions of short-lived objects; V8's default young generation (16 MiB semi-spaces) promotes
// them to the old one, whose collections then cost about a quarter of a 100k-pod scan. 64 MiB: 39 s instead of 53 s,
// peak RSS 3.4 GiB (bench/run.ts runs the scan with the same flag).
import { Command } from 'commander';
import { registerBlastRadius } from './blast-radius.js';
import { registerDb } from './db.js';
import { registerDiff } from './diff.js';
import { registerGenerate } from './generate.js';
import { registerImage } from './image.js';
import { registerNetpol } from './netpol.js';
import { registerPaths } from './paths.js';
import { registerPlan } from './plan.js';
import { registerPss } from './pss.js';
import { registerRbac } from './rbac.js';
import { registerScan } from './scan.js';
import { toolVersion } from './version.js';

/** Builds the command tree; each command lives in its own file and only parses arguments and prints. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('chokepoint')
    .description('Attack paths through Kubernetes clusters and the few fixes that close them all')
    .version(toolVersion())
    // Options after a command name belong to that command (`pss --version v1.30` is not the tool's --version).
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    // Usage errors exit 2, like input errors (DESIGN.md §6); help and --version still exit 0.
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerScan(program);
  registerGenerate(program);
  registerPss(program);
  registerRbac(program);
  registerNetpol(program);
  registerPaths(program);
  registerPlan(program);
  registerBlastRadius(program);
  registerDiff(program);
  registerImage(program);
  registerDb(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`chokepoint: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
