import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadInventory } from '../inventory/load.js';
import type { InputError } from '../inventory/types.js';
import {
  evaluateInventory,
  isPolicyVersion,
  labelErrorMessage,
  LEVELS,
  type Level,
  type PolicyVersion,
  type PssVerdict,
  type WorkloadPss,
} from '../posture/pss/index.js';
import { addInputOptions, type InputOptions } from './options.js';

/** Exit codes (DESIGN.md §6): 0 every workload allowed, 1 some workload denied, 2 usage or input errors. */
export const PSS_EXIT_ALLOWED = 0;
export const PSS_EXIT_DENIED = 1;
export const PSS_EXIT_INPUT_ERROR = 2;

export const PSS_FORMATS = ['table', 'json'] as const;
export type PssFormat = (typeof PSS_FORMATS)[number];

interface PssOptions extends InputOptions {
  level?: Level;
  version?: PolicyVersion;
  format: PssFormat;
}

/** Where the command writes and how it ends; the process by default, buffers in tests (runPss). */
export interface PssIo {
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
  stdin?: AsyncIterable<Buffer | string>;
}

const processIo: PssIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

function parseVersion(value: string): PolicyVersion {
  if (!isPolicyVersion(value)) throw new InvalidArgumentError('expected "latest" or v1.<minor>, e.g. v1.30.');
  return value;
}

/** `chokepoint pss [--level L] [--version V] [--format table|json] PATHS...` */
export function registerPss(program: Command, io: PssIo = processIo): Command {
  const command = program
    .command('pss')
    .description(
      'Pod Security Standards verdicts per workload: what each namespace would reject (enforce), warn about and ' +
        'audit, or every workload at --level',
    )
    .argument('<paths...>', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin')
    .addOption(
      new Option('--level <level>', 'evaluate every workload at this level instead of its namespace labels').choices(
        LEVELS,
      ),
    )
    .option(
      '--version <version>',
      'policy version, v1.<minor> or latest (default: the namespace labels, else latest)',
      parseVersion,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(PSS_FORMATS).default('table'));
  addInputOptions(command);
  command.action(async (paths: string[], options: PssOptions) => {
    io.setExitCode(await pssCommand(paths, options, io));
  });
  return command;
}

async function pssCommand(paths: string[], options: PssOptions, io: PssIo): Promise<number> {
  const inventory = await loadInventory(paths, {
    defaultNamespace: options.defaultNamespace,
    ...(options.maxFileSize ? { limits: { maxFileBytes: options.maxFileSize } } : {}),
    ...(io.stdin ? { stdin: io.stdin } : {}),
  });
  const results = evaluateInventory(inventory, {
    ...(options.level ? { level: options.level } : {}),
    ...(options.version ? { version: options.version } : {}),
  });
  io.stdout(options.format === 'json' ? `${JSON.stringify(pssJson(results), null, 2)}\n` : pssTable(results));
  for (const error of inventory.errors) io.stderr(`error: ${errorLine(error)}\n`);
  if (inventory.errors.length > 0) return PSS_EXIT_INPUT_ERROR;
  return results.some((r) => !r.enforce.allowed) ? PSS_EXIT_DENIED : PSS_EXIT_ALLOWED;
}

function errorLine(error: InputError): string {
  const where = error.line ? `${error.file}:${error.line}` : error.file;
  return `${where}: ${error.object ? `${error.object}: ` : ''}${error.message}`;
}

interface VerdictJson {
  level: Level;
  version: PolicyVersion;
  resolvedVersion: PolicyVersion;
  allowed: boolean;
  violations: { check: string; message: string }[];
  message?: string;
}

function verdictJson(verdict: PssVerdict): VerdictJson {
  return {
    level: verdict.level,
    version: verdict.version,
    resolvedVersion: verdict.resolvedVersion,
    allowed: verdict.allowed,
    violations: verdict.violations.map((v) => ({ check: v.check, message: v.message })),
    ...(verdict.message ? { message: verdict.message } : {}),
  };
}

/**
 * `{ results: [...] }`, one result per workload. Its level, version, allowed and violations are the enforce verdict
 * (mode `enforce`), or the --level verdict (mode `requested`); from namespace labels, `warn` and `audit` hold the
 * other two modes' verdicts.
 */
export function pssJson(results: readonly WorkloadPss[]): { results: Record<string, unknown>[] } {
  return {
    results: results.map((r) => ({
      object: { kind: r.workload.kind, namespace: r.workload.namespace, name: r.workload.name },
      source: r.source,
      mode: r.policyFrom === 'namespace' ? 'enforce' : 'requested',
      ...verdictJson(r.enforce),
      ...(r.policyFrom === 'namespace' ? { warn: verdictJson(r.warn), audit: verdictJson(r.audit) } : {}),
      ...(r.policyFrom === 'namespace' && r.namespaceImplied ? { namespaceImplied: true } : {}),
      ...(r.labelErrors.length > 0 ? { labelErrors: r.labelErrors.map(labelErrorMessage) } : {}),
    })),
  };
}

function verdictLine(mode: string, verdict: PssVerdict): string {
  const levelVersion =
    verdict.version === verdict.resolvedVersion
      ? `${verdict.level}:${verdict.version}`
      : `${verdict.level}:${verdict.version} (${verdict.resolvedVersion})`;
  const lines = [`  ${mode.padEnd(9)} ${levelVersion.padEnd(28)} ${verdict.allowed ? 'allowed' : 'DENIED'}\n`];
  for (const v of verdict.violations) lines.push(`      - ${v.check}: ${v.message}\n`);
  return lines.join('');
}

/** One block per workload: its verdicts and, under each denial, the upstream check ids and messages. */
export function pssTable(results: readonly WorkloadPss[]): string {
  if (results.length === 0) return 'No workloads in the input.\n';
  const out: string[] = [];
  for (const r of results) {
    const { kind, namespace, name } = r.workload;
    out.push(`${kind} ${namespace}/${name}  ${r.source}\n`);
    if (r.policyFrom === 'requested') {
      out.push(verdictLine('requested', r.enforce));
    } else {
      if (r.namespaceImplied) {
        out.push(
          `  (namespace ${namespace} is not in the input: its labels are unknown, the admission defaults apply)\n`,
        );
      }
      for (const error of r.labelErrors) out.push(`  (label error: ${labelErrorMessage(error)})\n`);
      out.push(verdictLine('enforce', r.enforce), verdictLine('warn', r.warn), verdictLine('audit', r.audit));
    }
  }
  const denied = results.filter((r) => !r.enforce.allowed).length;
  const what = results[0]!.policyFrom === 'requested' ? 'at the requested level' : 'by their namespaces (enforce)';
  out.push(
    `\n${results.length} ${results.length === 1 ? 'workload' : 'workloads'}: ${results.length - denied} allowed, ` +
      `${denied} denied ${what}\n`,
  );
  return out.join('');
}

/**
 * Runs `chokepoint pss ARGS` in-process, as the CLI would: usage errors exit 2 with the message on stderr, help and
 * output go to the returned buffers.
 */
export async function runPss(
  args: readonly string[],
  options: { stdin?: AsyncIterable<Buffer | string> } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const io: PssIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    setExitCode: (code) => (exitCode = code),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  };
  const program = new Command()
    .name('chokepoint')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerPss(program, io);
  try {
    await program.parseAsync(['pss', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode === 0 ? 0 : PSS_EXIT_INPUT_ERROR;
  }
  return { exitCode, stdout, stderr };
}
