import type { Command } from 'commander';
import { importOsv } from '../image/vulndb/import.js';
import { defaultDbPath, VulnStore } from '../image/vulndb/store.js';
import { processIo, type CommandIo } from './image.js';

interface DbOptions {
  db?: string;
  format?: 'table' | 'json';
}

/** `chokepoint db import PATH...` and `chokepoint db status`: the offline vulnerability database. */
export function registerDb(program: Command, io: CommandIo = processIo): void {
  const db = program.command('db').description('the offline vulnerability database (OSV records in SQLite)');
  db.command('import')
    .description(
      'import OSV records: JSON or YAML files, folders of them, and the per-ecosystem all.zip osv.dev publishes',
    )
    .argument('<paths...>', 'files, folders (recursive) or .zip archives')
    .option('--db <path>', `database file (default ${defaultDbPath()})`)
    .action(async (paths: string[], options: DbOptions) => {
      process.exitCode = await runImport(paths, options, io);
    });
  db.command('status')
    .description('what the database holds and how old it is')
    .option('--db <path>', `database file (default ${defaultDbPath()})`)
    .option('--format <format>', 'table or json', 'table')
    .action((options: DbOptions) => {
      process.exitCode = runStatus(options, io);
    });
}

export async function runImport(paths: string[], options: DbOptions, io: CommandIo = processIo): Promise<number> {
  const file = options.db ?? defaultDbPath();
  const store = new VulnStore(file);
  try {
    const started = Date.now();
    const result = await importOsv(store, paths);
    for (const e of result.errors) io.stderr.write(`chokepoint: ${e.source}: ${e.message}\n`);
    io.stdout.write(
      `imported ${result.records} records from ${result.files} files into ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        `${result.errors.length ? ` (${result.errors.length} errors)` : ''}\n`,
    );
    return result.errors.length > 0 ? 2 : 0;
  } finally {
    store.close();
  }
}

export function runStatus(options: DbOptions, io: CommandIo = processIo, now = new Date()): number {
  const file = options.db ?? defaultDbPath();
  let store: VulnStore;
  try {
    store = new VulnStore(file, { readonly: true });
  } catch (e) {
    io.stderr.write(`chokepoint: no usable vulnerability database at ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const s = store.status();
    if (options.format === 'json') {
      io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    const age = (iso: string | undefined) => {
      if (!iso) return 'unknown';
      const days = (now.getTime() - new Date(iso).getTime()) / 86_400_000;
      return `${iso} (${days < 1 ? `${Math.round(days * 24)} hours` : `${Math.round(days)} days`} ago)`;
    };
    const lines = [
      `Database ${s.path} (schema ${s.schemaVersion})`,
      `Records ${s.records} (${s.withdrawn} withdrawn), affected entries ${s.affected}`,
      `Imported ${age(s.importedAt)}`,
      `Newest record modified ${age(s.newestModified)}`,
      'Ecosystems:',
      ...s.ecosystems.map((e) => `  ${e.ecosystem}: ${e.records}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
