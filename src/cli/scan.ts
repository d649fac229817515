import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { readImageMap } from '../image/image-map.js';
import { defaultDbPath } from '../image/vulndb/store.js';
import type { WorkloadImageOptions } from '../image/workload-images.js';
import { renderReport } from '../report/index.js';
import { severityRank, type Report, type Severity } from '../report/model.js';
import { GRAPH_WORKLOAD_LIMIT, scan } from '../scan/scan.js';
import { addInputOptions, addOutputOptions, type InputOptions, type OutputOptions } from './options.js';
import { Progress } from './progress.js';
import { toolVersion } from './version.js';

/** Exit codes (DESIGN.md §6): 0 clean, 1 findings at or above --fail-on, 2 input errors (the report is written first). */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT_ERROR = 2;

export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description('load the input, run every analyzer and write the report')
    .argument('<paths...>', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin');
  addInputOptions(command);
  addOutputOptions(command);
  command.option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks");
  command.option(
    '-c, --config <file>',
    'config file: checks, severities, exceptions (default .chokepoint.yaml if present)',
  );
  command.option('--images', 'scan the images the workloads run: vulnerabilities, credentials in layers, attack paths');
  command.option(
    '--image-map <file>',
    'with --images: YAML/JSON mapping image references to local copies (OCI layout, archive, root folder)',
  );
  command.option('--no-image-pull', 'with --images: do not pull images the map does not name from their registries');
  command.option('--db <path>', `with --images: vulnerability database (default ${defaultDbPath()})`);
  command.option(
    '--graph-limit <workloads>',
    `build the attack graph up to this many workloads (default ${GRAPH_WORKLOAD_LIMIT}; memory grows with them)`,
    parseCount,
  );
  command.action(async (paths: string[], options: ScanCommandOptions) => {
    process.exitCode = await runScan(paths, options);
  });
}

type ScanCommandOptions = InputOptions &
  OutputOptions & {
    defaultRbac: boolean;
    config?: string;
    images?: boolean;
    imageMap?: string;
    imagePull: boolean;
    db?: string;
    graphLimit?: number;
  };

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** `--images` and its options as the images analyzer takes them; throws on an unreadable map file. */
function imageSettings(options: ScanCommandOptions): WorkloadImageOptions | undefined {
  if (!options.images) {
    if (options.imageMap || options.db || !options.imagePull)
      throw new Error('--image-map, --db and --no-image-pull need --images');
    return undefined;
  }
  return {
    ...(options.imageMap ? { map: readImageMap(options.imageMap) } : {}),
    ...(options.db ? { db: options.db } : {}),
    pull: options.imagePull,
  };
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  let images: WorkloadImageOptions | undefined;
  try {
    images = imageSettings(options);
  } catch (e) {
    process.stderr.write(`chokepoint: ${(e as Error).message}\n`);
    return EXIT_INPUT_ERROR;
  }
  const progress = new Progress(process.stderr, Boolean(process.stderr.isTTY) && !options.quiet);
  const { report } = await scan(paths, {
    version: toolVersion(),
    defaultNamespace: options.defaultNamespace,
    settings: { defaultRbac: options.defaultRbac, ...(images ? { images } : {}) },
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.graphLimit !== undefined ? { graphWorkloadLimit: options.graphLimit } : {}),
    ...(options.maxFileSize ? { limits: { maxFileBytes: options.maxFileSize } } : {}),
    onProgress: ({ files, bytes }) => progress.update(`reading: ${files} files, ${(bytes / 1e6).toFixed(1)} MB`),
    onStage: (stage) => progress.update(`${stage}…`),
  });
  progress.done();
  if (report.graph.skipped && !options.quiet) process.stderr.write(`note: ${report.graph.skipped}\n`);
  const toTerminal = !options.output && Boolean(process.stdout.isTTY);
  const color = options.color && toTerminal && !process.env['NO_COLOR'];
  const text = renderReport(report, options.format, { color });
  if (options.output) {
    await writeFile(options.output, text);
    if (!options.quiet) process.stderr.write(`report written to ${options.output}\n`);
  } else {
    process.stdout.write(text);
  }
  return exitCodeFor(report, options.failOn);
}

/**
 * Input errors outrank findings: a scan that could not read all its input is not a clean or a failed gate.
 * Suppressed findings (covered by an exception) never fail the gate.
 */
export function exitCodeFor(report: Report, failOn: Severity | undefined): number {
  if (report.errors.length > 0) return EXIT_INPUT_ERROR;
  const gated = report.findings.filter((f) => !f.suppressed);
  if (failOn && gated.some((f) => severityRank(f.severity) >= severityRank(failOn))) return EXIT_FINDINGS;
  return EXIT_CLEAN;
}
