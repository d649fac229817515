import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { applySuppressions, readIgnoreFile, readVex, type IgnoreRule, type VexStatement } from '../image/ignore.js';
import { imageJson, imageTable } from '../image/report.js';
import { cyclonedxJson } from '../image/sbom/cyclonedx.js';
import { spdxJson } from '../image/sbom/spdx.js';
import { failsOn, filterMatches, scanImage } from '../image/scan.js';
import { SEVERITIES, parseSeverity, type Severity } from '../image/vulndb/cvss.js';
import { defaultDbPath } from '../image/vulndb/store.js';
import { toolVersion } from './version.js';

export const IMAGE_FORMATS = ['table', 'json', 'cyclonedx', 'spdx'] as const;
type ImageFormat = (typeof IMAGE_FORMATS)[number];

interface ImageOptions {
  format: ImageFormat;
  output?: string;
  severity?: Severity[];
  ignoreUnfixed?: boolean;
  ignorefile?: string;
  vex?: string[];
  failOn?: Severity;
  db?: string;
  platform?: string;
  secrets: boolean;
  quiet?: boolean;
}

function severities(value: string): Severity[] {
  const out = value.split(',').map((s) => {
    const sev = parseSeverity(s.trim());
    if (!sev) throw new InvalidArgumentError(`expected severities from ${SEVERITIES.join(', ')}`);
    return sev;
  });
  return out;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Where a command writes (process.stdout/stderr; tests pass their own). */
export interface CommandIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/** `chokepoint image REF|PATH`: the SBOM and the vulnerabilities of one container image. */
export function registerImage(program: Command, io: CommandIo = processIo): void {
  program
    .command('image')
    .description(
      'catalog a container image (registry reference, OCI layout, docker save or OCI archive, root folder) and match it against the vulnerability database',
    )
    .argument(
      '<image>',
      'registry reference (host/repo:tag@digest), OCI layout folder[:tag], archive file, or root folder',
    )
    .addOption(new Option('-f, --format <format>', 'report format').choices(IMAGE_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option(
      '--severity <list>',
      'only these severities (comma-separated: critical,high,medium,low,unknown)',
      severities,
    )
    .option('--ignore-unfixed', 'leave out vulnerabilities with no fixed version yet')
    .option(
      '--ignorefile <file>',
      'ignore file: ID [exp:YYYY-MM-DD] [# reason] lines, or YAML vulnerabilities: [{id, reason, expires}]',
    )
    .option(
      '--vex <file>',
      'OpenVEX document whose not_affected/fixed statements suppress matches (repeatable)',
      collect,
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when an unsuppressed vulnerability is at or above this severity',
      ).choices(SEVERITIES.filter((s) => s !== 'unknown')),
    )
    .option('--db <path>', `vulnerability database (default ${defaultDbPath()})`)
    .option('--platform <os/arch[/variant]>', "platform to pick from a multi-platform image (default: this machine's)")
    .option('--no-secrets', 'do not scan layer files for credentials')
    .option('-q, --quiet', 'no notes on stderr')
    .action(async (image: string, options: ImageOptions) => {
      process.exitCode = await runImage(image, options, io);
    });
}

export async function runImage(image: string, options: ImageOptions, io: CommandIo = processIo): Promise<number> {
  let rules: IgnoreRule[] = [];
  const vex: VexStatement[] = [];
  try {
    if (options.ignorefile) rules = readIgnoreFile(options.ignorefile);
    for (const f of options.vex ?? []) vex.push(...readVex(f));
  } catch (e) {
    io.stderr.write(`chokepoint: ${(e as Error).message}\n`);
    return 2;
  }
  let scan;
  try {
    scan = await scanImage(image, {
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.db ? { db: options.db } : {}),
      ...(options.secrets === false ? { secrets: false as const } : {}),
    });
  } catch (e) {
    io.stderr.write(`chokepoint: ${image}: ${(e as Error).message}\n`);
    return 2;
  }
  const notes: string[] = [];
  if (scan.dbMissing)
    notes.push(`no vulnerability database at ${scan.dbMissing}: run \`chokepoint db import\` first; packages only`);
  const imageIds = [
    image,
    ...scan.inventory.source.tags,
    ...(scan.inventory.source.digest ? [scan.inventory.source.digest] : []),
  ];
  const { expired } = applySuppressions(scan.matches, rules, vex, imageIds);
  for (const r of expired) notes.push(`ignore rule for ${r.id} expired on ${r.expires}: no longer applied`);
  const matches = filterMatches(scan.matches, {
    ...(options.severity ? { severities: options.severity } : {}),
    ...(options.ignoreUnfixed ? { ignoreUnfixed: true } : {}),
  });
  const tool = { name: 'chokepoint', version: toolVersion() };
  let text: string;
  switch (options.format) {
    case 'json':
      text = `${JSON.stringify(imageJson(scan.inventory, matches, tool, notes), null, 2)}\n`;
      break;
    case 'cyclonedx':
      text = `${cyclonedxJson(scan.inventory, matches, tool)}\n`;
      break;
    case 'spdx':
      text = spdxJson(scan.inventory, tool);
      break;
    default:
      text = imageTable(scan.inventory, matches, notes);
  }
  if (options.output) await writeFile(options.output, text);
  else io.stdout.write(text);
  if (!options.quiet && options.format !== 'table') for (const n of notes) io.stderr.write(`note: ${n}\n`);
  return options.failOn && failsOn(matches, options.failOn) ? 1 : 0;
}
