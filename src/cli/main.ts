#!/usr/bin/env node
import { Command } from 'commander';
import { registerScan } from './scan.js';
import { toolVersion } from './version.js';

/** Builds the command tree; each command lives in its own file and only parses arguments and prints. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('chokepoint')
    .description('Attack paths through Kubernetes clusters and the few fixes that close them all')
    .version(toolVersion())
    .showHelpAfterError();
  registerScan(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`chokepoint: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
