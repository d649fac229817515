import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { loadKeep } from '../paths/keep.js';
import type { AttackAnalysisOptions } from '../paths/analysis.js';
import { renderReport } from '../report/index.js';
import { scan, type ScanResult } from '../scan/scan.js';
import { addInputOptions, addOutputOptions, type InputOptions, type OutputOptions } from './options.js';
import { Progress } from './progress.js';
import { EXIT_INPUT_ERROR, exitCodeFor } from './scan.js';
import { toolVersion } from './version.js';

/** Options of the commands that search the attack graph. */
export interface AttackOptions {
  from?: string[];
  insiders?: boolean;
  internet?: boolean;
  target?: string[];
  config?: string;
  maxPaths?: number;
  perPair?: number;
  defaultRbac: boolean;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

export function addAttackOptions(command: Command): Command {
  return command
    .option('--from <node...>', 'assume these workloads or identities are breached (node ids or ns/Kind/name)')
    .option('--internet', 'with --from, keep the Internet as a source too')
    .option('--insiders', 'every human user and group bound in RBAC is a source')
    .option('--target <node...>', 'extra targets beside ClusterAdmin, nodes, kube-system secrets, cloud identities')
    .option('--config <file>', 'config file with keep: rules (default .chokepoint.yaml if present)')
    .option('--max-paths <n>', 'the most paths reported (default 200)', positive)
    .option('--per-pair <n>', 'paths per source and target for the most likely pairs (default 3)', positive)
    .option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks");
}

export type AttackCommandOptions = InputOptions & OutputOptions & AttackOptions;

/** Scans with the graph stages on; `noPlan` for `paths`. Fails with exit 2 when no graph builder is available. */
export async function runAttackScan(
  paths: readonly string[],
  options: AttackCommandOptions,
  extra: Partial<AttackAnalysisOptions> = {},
): Promise<ScanResult> {
  const progress = new Progress(process.stderr, Boolean(process.stderr.isTTY) && !options.quiet);
  const keep = loadKeep(options.config);
  for (const error of keep.errors) process.stderr.write(`chokepoint: ${error}\n`);
  const result = await scan(paths, {
    version: toolVersion(),
    defaultNamespace: options.defaultNamespace,
    settings: { defaultRbac: options.defaultRbac },
    ...(options.maxFileSize ? { limits: { maxFileBytes: options.maxFileSize } } : {}),
    onProgress: ({ files, bytes }) => progress.update(`reading: ${files} files, ${(bytes / 1e6).toFixed(1)} MB`),
    onStage: (stage) => progress.update(`${stage}…`),
    attack: {
      ...(options.from ? { from: options.from } : {}),
      ...(options.insiders ? { insiders: true } : {}),
      ...(options.internet ? { internet: true } : {}),
      ...(options.target ? { targets: options.target } : {}),
      keep: keep.keep,
      search: {
        ...(options.maxPaths ? { maxPaths: options.maxPaths } : {}),
        ...(options.perPair ? { perPair: options.perPair } : {}),
      },
      ...extra,
    },
  });
  progress.done();
  if (!result.attack) throw new Error('the attack graph builder (src/graph/index.ts) is not available');
  for (const name of result.attack.unknownSources) {
    process.stderr.write(`chokepoint: --from ${name}: no such node in the attack graph\n`);
  }
  return result;
}

export async function writeOutput(text: string, options: OutputOptions): Promise<void> {
  if (options.output) {
    await writeFile(options.output, text);
    if (!options.quiet) process.stderr.write(`report written to ${options.output}\n`);
  } else {
    process.stdout.write(text);
  }
}

export function useColor(options: OutputOptions): boolean {
  const toTerminal = !options.output && Boolean(process.stdout.isTTY);
  return options.color && toTerminal && !process.env['NO_COLOR'];
}

/** Exit 1 when paths are found and --fail-on is given, or findings reach it; 2 on input errors. */
export function attackExitCode(result: ScanResult, options: OutputOptions & AttackOptions): number {
  const code = exitCodeFor(result.report, options.failOn);
  if (code !== 0) return code;
  if (result.attack?.unknownSources.length) return EXIT_INPUT_ERROR;
  return options.failOn && result.report.paths.length > 0 ? 1 : 0;
}

export function registerPaths(program: Command): void {
  const command = program
    .command('paths')
    .description('the most likely attack paths from the sources to the targets')
    .argument('<paths...>', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin');
  addInputOptions(command);
  addOutputOptions(command);
  addAttackOptions(command);
  command.action(async (paths: string[], options: AttackCommandOptions) => {
    const result = await runAttackScan(paths, options, { noPlan: true });
    await writeOutput(renderReport(result.report, options.format, { color: useColor(options) }), options);
    process.exitCode = attackExitCode(result, options);
  });
}
