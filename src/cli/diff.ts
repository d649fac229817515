import path from 'node:path';
import { Option, type Command } from 'commander';
import { diffAttacks, type AttackDiff } from '../paths/diff.js';
import { renderDiffSarif } from '../report/diff-sarif.js';
import { scan, type ScanResult } from '../scan/scan.js';
import { addInputOptions, type InputOptions } from './options.js';
import { writeOutput } from './paths.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR } from './scan.js';
import { sourceRoot } from './source-root.js';
import { toolVersion } from './version.js';

type DiffOptions = InputOptions & {
  format: 'table' | 'json' | 'sarif';
  output?: string;
  quiet?: boolean;
  color: boolean;
  defaultRbac: boolean;
  sourceRoot?: string;
};

function toTable(diff: AttackDiff): string {
  const lines = [
    `Attack paths opened: ${diff.opened.length}; closed: ${diff.closed.length}. Findings added: ${diff.addedFindings.length}; removed: ${diff.removedFindings.length}.`,
  ];
  for (const o of diff.opened) {
    lines.push(`+ ${o.path.source} → ${o.path.target} (score ${o.path.score})`);
    for (const s of o.path.steps) lines.push(`    ${s.from} -[${s.technique}]-> ${s.to}`);
    if (o.locations.length > 0) lines.push(`    opened by ${o.locations.join(', ')}`);
  }
  for (const p of diff.closed)
    lines.push(`- ${p.source} → ${p.target} (${p.steps.map((s) => s.technique).join(' > ')})`);
  for (const f of diff.addedFindings)
    lines.push(
      `+ ${f.severity} ${f.checkId} ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}: ${f.message}`,
    );
  for (const f of diff.removedFindings)
    lines.push(`- ${f.severity} ${f.checkId} ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}`);
  return `${lines.join('\n')}\n`;
}

export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .description('attack paths and findings added and removed between two inputs; exit 1 when a new path opens')
    .argument('<base>', 'the input before the change (file, folder or archive)')
    .argument('<head>', 'the input after the change');
  addInputOptions(command);
  command
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-q, --quiet', 'no notes on stderr')
    .option('--no-color', 'no colours')
    .option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks")
    .option(
      '--source-root <dir>',
      'folder SARIF file paths are relative to (default: the git repository holding <head>, else <head>)',
    );
  command.action(async (base: string, head: string, options: DiffOptions) => {
    const run = (input: string): Promise<ScanResult> =>
      scan([input], {
        version: toolVersion(),
        defaultNamespace: options.defaultNamespace,
        settings: { defaultRbac: options.defaultRbac },
        attack: { noPlan: true },
      });
    const [before, after] = [await run(base), await run(head)];
    if (!before.attack || !after.attack)
      throw new Error('the attack graph builder (src/graph/index.ts) is not available');
    const side = (r: ScanResult, attack: NonNullable<ScanResult['attack']>) => ({
      inventory: r.inventory,
      graph: attack.graph,
      sources: attack.sources,
      targets: attack.targets,
      paths: attack.paths,
      findings: r.report.findings,
    });
    const diff = diffAttacks(side(before, before.attack), side(after, after.attack));
    const text =
      options.format === 'json'
        ? `${JSON.stringify(diff, null, 2)}\n`
        : options.format === 'sarif'
          ? renderDiffSarif(diff, {
              version: toolVersion(),
              root: path.resolve(options.sourceRoot ?? sourceRoot(head)),
              cwd: process.cwd(),
              errors: [...before.report.errors, ...after.report.errors],
            })
          : toTable(diff);
    await writeOutput(text, { ...options, format: 'json' });
    if (before.report.errors.length > 0 || after.report.errors.length > 0) process.exitCode = EXIT_INPUT_ERROR;
    else process.exitCode = diff.opened.length > 0 ? EXIT_FINDINGS : 0;
  });
}
