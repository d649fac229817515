import type { Command } from 'commander';
import { writeAppliedCopies, writePatches } from '../paths/output.js';
import { renderReport } from '../report/index.js';
import { addInputOptions, addOutputOptions } from './options.js';
import {
  addAttackOptions,
  attackExitCode,
  runAttackScan,
  useColor,
  writeOutput,
  type AttackCommandOptions,
} from './paths.js';

type PlanCommandOptions = AttackCommandOptions & { patches?: string; applyTo?: string };

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('the cheapest set of fixes that cuts every attack path, verified by re-analysing the fixed cluster')
    .argument('<paths...>', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin');
  addInputOptions(command);
  addOutputOptions(command);
  addAttackOptions(command);
  command
    .option('--patches <dir>', 'write each fix as a file: a strategic-merge patch for kubectl patch, or a manifest')
    .option('--apply-to <dir>', 'write copies of the input manifests with the fixes applied');
  command.action(async (paths: string[], options: PlanCommandOptions) => {
    const result = await runAttackScan(paths, options);
    await writeOutput(renderReport(result.report, options.format, { color: useColor(options) }), options);
    const say = (text: string): void => {
      if (!options.quiet) process.stderr.write(`${text}\n`);
    };
    if (options.patches) {
      const files = await writePatches(options.patches, result.report.plan.fixes);
      say(`${files.length} patch file(s) written to ${options.patches}`);
    }
    if (options.applyTo && result.attack?.applied) {
      const { written, skipped } = await writeAppliedCopies(
        options.applyTo,
        result.inventory.objects,
        result.attack.applied,
      );
      say(`${written.length} manifest file(s) written to ${options.applyTo}`);
      for (const file of skipped) say(`not a file, not rewritten: ${file}`);
    }
    for (const problem of result.attack?.applied?.problems ?? []) process.stderr.write(`chokepoint: ${problem}\n`);
    process.exitCode = attackExitCode(result, options);
  });
}
