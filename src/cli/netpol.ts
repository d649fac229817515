import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import { diffMaps, renderDiff } from '../network/diff.js';
import { explain, explanationJson, renderExplanation, resolvePeer } from '../network/explain.js';
import { internetExposure } from '../network/exposure.js';
import { connectivityLines, MAP_FORMATS, renderMap, type MapFormat } from '../network/map.js';
import { ConnSet, parsePortSpec } from '../network/ports.js';
import { Reachability } from '../network/reachability.js';
import { addInputOptions, type InputOptions } from './options.js';

/** Where the command writes; tests pass their own. */
export interface NetpolIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface CommonFlags extends InputOptions {
  format: MapFormat;
  output?: string;
  quiet?: boolean;
  ipblockPods: boolean;
  nodesPublic: 'auto' | 'yes' | 'no';
}

interface MapFlags extends CommonFlags {
  by: 'workload' | 'pod';
  exposure?: boolean;
  focus?: string[];
  maxLines: number;
}

interface ExplainFlags extends CommonFlags {
  port?: ConnSet;
}

const EXIT_INPUT_ERROR = 2;

function portOption(value: string): ConnSet {
  const conns = parsePortSpec(value);
  if (!conns) throw new InvalidArgumentError('expected a port such as 80, 80/TCP, 53/UDP or 8000-8080/TCP');
  return conns;
}

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter((v) => v !== '')];
}

/**
 * Options every netpol command shares live on `netpol` itself: the root program gives a command the options that follow
 * its arguments, so `netpol explain A B PATH --format json` reaches `netpol` first; subcommands read them merged.
 */
function addCommonOptions(command: Command): Command {
  addInputOptions(command);
  return command
    .addOption(
      new Option('-f, --format <format>', 'output format (explain: txt or json)').choices(MAP_FORMATS).default('txt'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-q, --quiet', 'no notes on stderr')
    .option('--no-ipblock-pods', 'NetworkPolicy ipBlocks never match pod IPs (as Cilium and netpol-analyzer)')
    .addOption(
      new Option('--nodes-public <when>', 'whether node addresses are reachable from the Internet')
        .choices(['auto', 'yes', 'no'])
        .default('auto'),
    );
}

/** `chokepoint netpol`: the connectivity map, `netpol explain` and `netpol diff`. */
export function registerNetpol(
  program: Command,
  io: NetpolIO = { stdout: process.stdout, stderr: process.stderr },
): void {
  const netpol = program
    .command('netpol')
    .description('connectivity map: which workloads can connect to which, on which ports (netpol-analyzer format)')
    .argument('[paths...]', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin')
    .addOption(
      new Option('--by <level>', 'one line per workload pair or per pod pair')
        .choices(['workload', 'pod'])
        .default('workload'),
    )
    .option('--exposure', 'add the Internet exposure: Internet => workload lines, computed along each entry path')
    .option(
      '--focus <workload>',
      'only connections to or from these workloads (ns/name or ns/Kind/name; repeatable)',
      collect,
    )
    .option(
      '--max-lines <n>',
      'refuse to print a map longer than this (use --focus on big clusters)',
      count,
      2_000_000,
    );
  addCommonOptions(netpol);
  netpol.action(async (paths: string[], flags: MapFlags) => {
    if (paths.length === 0) {
      io.stderr.write('chokepoint netpol: give at least one path (or explain / diff)\n');
      process.exitCode = EXIT_INPUT_ERROR;
      return;
    }
    process.exitCode = await runMap(paths, flags, io);
  });

  const explainCommand = netpol
    .command('explain')
    .description('why a connection is allowed or denied: the policies and rules of each direction')
    .argument('<src>', 'source: workload (ns/name, ns/Kind/name), pod (ns/pod) or IP address')
    .argument('<dst>', 'destination: workload, pod or IP address')
    .argument('<paths...>', 'files, folders, dump archives, or - for stdin')
    .option('--port <port>', 'only this port, e.g. 8080/TCP or 53/UDP', portOption)
    .addHelpText(
      'after',
      '\nThe options of `chokepoint netpol` apply too (--format txt|json, --default-namespace, ...).',
    );
  explainCommand.action(async (src: string, dst: string, paths: string[], _flags: unknown, command: Command) => {
    const flags = command.optsWithGlobals<ExplainFlags>();
    if (flags.format !== 'txt' && flags.format !== 'json') {
      io.stderr.write('chokepoint netpol explain: --format must be txt or json\n');
      process.exitCode = EXIT_INPUT_ERROR;
      return;
    }
    process.exitCode = await runExplain(src, dst, paths, flags, io);
  });

  const diffCommand = netpol
    .command('diff')
    .description('connections added, removed and changed between two inputs (netpol-analyzer diff format)')
    .argument('<base>', 'the input before (file, folder or archive)')
    .argument('<head>', 'the input after')
    .addHelpText('after', '\nThe options of `chokepoint netpol` apply too (--format, --by, --exposure, ...).');
  diffCommand.action(async (base: string, head: string, _flags: unknown, command: Command) => {
    process.exitCode = await runDiff(base, head, command.optsWithGlobals<MapFlags>(), io);
  });
}

async function load(paths: string[], flags: CommonFlags, io: NetpolIO): Promise<Inventory> {
  const inventory = await loadInventory(paths, {
    defaultNamespace: flags.defaultNamespace,
    ...(flags.maxFileSize ? { limits: { maxFileBytes: flags.maxFileSize } } : {}),
  });
  for (const e of inventory.errors) {
    io.stderr.write(
      `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.object ? `${e.object}: ` : ''}${e.message}\n`,
    );
  }
  return inventory;
}

function analyse(inventory: Inventory, flags: CommonFlags, io: NetpolIO): Reachability {
  const reach = new Reachability(inventory, { ipBlockMatchesPods: flags.ipblockPods });
  if (!flags.quiet) {
    for (const issue of reach.engine.policies.issues) {
      const o = issue.object;
      io.stderr.write(
        `note: ${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name} (${o.source.file}:${o.source.line}): ${issue.message}\n`,
      );
    }
  }
  return reach;
}

function nodesPublic(flags: CommonFlags): 'auto' | boolean {
  return flags.nodesPublic === 'auto' ? 'auto' : flags.nodesPublic === 'yes';
}

async function emit(text: string, flags: CommonFlags, io: NetpolIO): Promise<void> {
  if (flags.output) await writeFile(flags.output, text);
  else io.stdout.write(text);
}

async function runMap(paths: string[], flags: MapFlags, io: NetpolIO): Promise<number> {
  const inventory = await load(paths, flags, io);
  const reach = analyse(inventory, flags, io);
  let focus: Set<number> | undefined;
  if (flags.focus && flags.focus.length > 0) {
    focus = new Set();
    for (const ref of flags.focus) {
      const w = reach.findWorkload(ref);
      if (w === undefined) {
        io.stderr.write(`chokepoint netpol: no workload ${ref} (or more than one) in the input\n`);
        return EXIT_INPUT_ERROR;
      }
      focus.add(w);
    }
  }
  if (!focus) {
    const endpoints = reach.engine.endpoints.endpoints.length;
    const pairs = flags.by === 'pod' && endpoints * endpoints > flags.maxLines ? Infinity : reach.countWorkloadPairs();
    if (pairs > flags.maxLines) {
      const what = Number.isFinite(pairs) ? `${pairs} workload pairs connect` : `${endpoints} pods`;
      io.stderr.write(
        `chokepoint netpol: ${what}: the map would have more than --max-lines ${flags.maxLines} lines; ` +
          'give --focus WORKLOAD, or raise --max-lines\n',
      );
      return EXIT_INPUT_ERROR;
    }
  }
  const exposure = flags.exposure ? internetExposure(reach, { nodesPublic: nodesPublic(flags) }) : undefined;
  const lines = connectivityLines(reach, {
    by: flags.by,
    ...(focus ? { focus } : {}),
    ...(exposure ? { exposure } : {}),
  });
  await emit(renderMap(lines, flags.format), flags, io);
  return inventory.errors.length > 0 ? EXIT_INPUT_ERROR : 0;
}

async function runExplain(
  src: string,
  dst: string,
  paths: string[],
  flags: ExplainFlags,
  io: NetpolIO,
): Promise<number> {
  const inventory = await load(paths, flags, io);
  const reach = analyse(inventory, flags, io);
  const from = resolvePeer(reach, src);
  const to = resolvePeer(reach, dst);
  for (const [text, ref] of [
    [src, from],
    [dst, to],
  ] as const) {
    if (!ref) {
      io.stderr.write(
        `chokepoint netpol explain: ${text} is no workload, pod or IP address of the input (or is ambiguous)\n`,
      );
      return EXIT_INPUT_ERROR;
    }
  }
  const explanations = explain(reach, from!, to!, flags.port ?? ConnSet.ALL);
  const text =
    flags.format === 'json'
      ? `${JSON.stringify(explanationJson(explanations), null, 2)}\n`
      : renderExplanation(explanations);
  await emit(text, flags, io);
  return inventory.errors.length > 0 ? EXIT_INPUT_ERROR : 0;
}

async function runDiff(base: string, head: string, flags: MapFlags, io: NetpolIO): Promise<number> {
  const before = await load([base], flags, io);
  const after = await load([head], flags, io);
  const lines = (inventory: Inventory) => {
    const reach = analyse(inventory, flags, io);
    const exposure = flags.exposure ? internetExposure(reach, { nodesPublic: nodesPublic(flags) }) : undefined;
    return connectivityLines(reach, { by: flags.by, ...(exposure ? { exposure } : {}) });
  };
  const entries = diffMaps(lines(before), lines(after));
  await emit(renderDiff(entries, flags.format), flags, io);
  return before.errors.length + after.errors.length > 0 ? EXIT_INPUT_ERROR : 0;
}
