import type { Command } from 'commander';

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('load the input, run every analyzer and write the report')
    .argument('[paths...]', 'files, folders, dump archives, or - for stdin')
    .action(() => {
      process.stdout.write('not yet\n');
    });
}
