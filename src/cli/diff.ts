import { Option, type Command } from 'commander';
import type { Log, Result } from 'sarif';
import { diffAttacks, type AttackDiff } from '../paths/diff.js';
import { pathToUri } from '../report/sarif.js';
import { scan, type ScanResult } from '../scan/scan.js';
import { addInputOptions, type InputOptions } from './options.js';
import { writeOutput } from './paths.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR } from './scan.js';
import { toolVersion } from './version.js';

type DiffOptions = InputOptions & {
  format: 'table' | 'json' | 'sarif';
  output?: string;
  quiet?: boolean;
  color: boolean;
  defaultRbac: boolean;
};

export const NEW_PATH_RULE_ID = 'CKP-NEW-ATTACK-PATH';

function toSarif(diff: AttackDiff): string {
  const results: Result[] = diff.opened.map((opened) => ({
    ruleId: NEW_PATH_RULE_ID,
    level: 'error',
    message: {
      text:
        `New attack path ${opened.path.source} → ${opened.path.target}: ` +
        opened.path.steps.map((s) => `${s.from} -[${s.technique}]-> ${s.to}`).join(', ') +
        `. New steps: ${opened.newSteps.join('; ')}`,
    },
    locations: opened.locations.map((location) => {
      const at = location.lastIndexOf(':');
      return {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(location.slice(0, at)) },
          region: { startLine: Number(location.slice(at + 1)) },
        },
      };
    }),
    partialFingerprints: { attackPath: opened.path.id },
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'chokepoint',
            version: toolVersion(),
            rules: [
              {
                id: NEW_PATH_RULE_ID,
                name: 'NewAttackPath',
                shortDescription: { text: 'The change opens an attack path from a source to a target' },
              },
            ],
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

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
    .option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks");
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
          ? toSarif(diff)
          : toTable(diff);
    await writeOutput(text, { ...options, format: 'json' });
    if (before.report.errors.length > 0 || after.report.errors.length > 0) process.exitCode = EXIT_INPUT_ERROR;
    else process.exitCode = diff.opened.length > 0 ? EXIT_FINDINGS : 0;
  });
}
