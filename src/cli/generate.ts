import { performance } from 'node:perf_hooks';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PROFILE_NAMES, generateCluster } from '../../bench/generator/index.js';

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number >= 0');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('too large');
  return n;
}

function size(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(2)} GiB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

interface GenerateFlags {
  pods: number;
  seed: string;
  profile: (typeof PROFILE_NAMES)[number];
  out: string;
  force?: boolean;
}

/** `chokepoint generate`: a deterministic synthetic cluster, written as a live-cluster dump. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a deterministic synthetic cluster as a live-cluster dump (kubectl get -o json lists)')
    .requiredOption('--pods <n>', 'number of Pod objects to generate (exactly)', count)
    .option('--seed <seed>', 'seed; the same seed and options give the same bytes', '1')
    .addOption(new Option('--profile <name>', 'cluster profile').choices([...PROFILE_NAMES]).default('default'))
    .requiredOption('--out <path>', 'output folder, or a file ending in .tar.gz')
    .option('--force', 'replace the output of an earlier run at --out')
    .action(async (flags: GenerateFlags) => {
      const started = performance.now();
      const summary = await generateCluster({
        pods: flags.pods,
        seed: flags.seed,
        profile: flags.profile,
        out: flags.out,
        force: flags.force,
      });
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `generated ${summary.objects} objects (${summary.pods} pods, ${summary.nodes} nodes, ${summary.namespaces} namespaces) ` +
          `in ${summary.files} files, ${size(summary.bytes)}${summary.archive ? ' before compression' : ''}, ` +
          `${seconds.toFixed(1)} s -> ${summary.out}\n`,
      );
    });
}
