/**
 * `npm run bench`: scans the real-world corpus and generated clusters of 1k and 10k pods (100k with BENCH_100K=1 or
 * --100k), each run in a fresh process, and prints one table of median stage times, peak RSS and the parse floor.
 * Stages are whatever the pipeline times, so analyzers added later join the table by themselves.
 *
 * Then, unless --only is given, the targeted RBAC query and image benchmarks print their own figures.
 *
 * Options: --runs N (default 5; 3 for 10k and 100k), --only NAME (corpus, 1k, 10k, 100k), --100k.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './table.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = path.join(root, 'dist');
const outDir = path.join(root, 'bench', 'out');

interface ScanRun {
  stages: { name: string; ms: number }[];
  totalMs: number;
  peakRssBytes: number;
  objects: number;
  pods: number;
  workloads: number;
  errors: number;
}

interface Case {
  name: string;
  paths: string[];
  runs: number;
  prepare?: () => void;
}

function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The V8 flags of the `chokepoint` bin (src/cli/main.ts's first line): measured as users run it, default heap. */
const NODE_FLAGS = ['--max-semi-space-size=64'];

function nodeJson<T>(script: string, args: string[]): T {
  const result = spawnSync(process.execPath, [...NODE_FLAGS, path.join(dist, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function generated(pods: number, runs: number): Case {
  const dir = path.join(outDir, `cluster-${pods}-seed1`);
  return {
    name: `generated ${pods >= 1000 ? `${pods / 1000}k` : pods} pods`,
    paths: [dir],
    runs,
    prepare: () => {
      if (existsSync(path.join(dir, 'cluster'))) return;
      process.stderr.write(`generating ${pods} pods into ${path.relative(root, dir)}…\n`);
      execFileSync(
        process.execPath,
        [path.join(dist, 'src/cli/main.js'), 'generate', '--pods', String(pods), '--seed', '1', '--out', dir],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    },
  };
}

const runsFlag = argValue('--runs');
const runs = (fallback: number): number => (runsFlag ? Number(runsFlag) : fallback);
const with100k = process.argv.includes('--100k') || process.env['BENCH_100K'] === '1';
const only = argValue('--only');
const cases: Case[] = [
  { name: 'corpus (3 real installs)', paths: [path.resolve(root, '../shared/corpus/manifests')], runs: runs(5) },
  generated(1_000, runs(5)),
  generated(10_000, runs(3)),
  ...(with100k ? [generated(100_000, runs(3))] : []),
].filter(
  (c) =>
    !only ||
    c.name.includes(only) ||
    c.name.startsWith(`generated ${only}`) ||
    (only === 'corpus' && c.name.startsWith('corpus')),
);

interface Row {
  name: string;
  objects: number;
  pods: number;
  stages: Map<string, number>;
  /** Median of graph + paths + plan per run, when the graph was built. */
  attack: number | undefined;
  total: number;
  floor: number;
  peakRss: number;
  runs: number;
}

const rows: Row[] = [];
for (const benchCase of cases) {
  benchCase.prepare?.();
  const scans: ScanRun[] = [];
  const floors: number[] = [];
  for (let i = 0; i < benchCase.runs; i++) {
    scans.push(nodeJson<ScanRun>('bench/measure-scan.js', benchCase.paths));
    floors.push(nodeJson<{ ms: number }>('bench/measure-floor.js', benchCase.paths).ms);
  }
  const first = scans[0]!;
  if (first.errors > 0) process.stderr.write(`warning: ${benchCase.name} had ${first.errors} input errors\n`);
  const stages = new Map<string, number>();
  for (const { name } of first.stages)
    stages.set(name, median(scans.map((s) => s.stages.find((x) => x.name === name)?.ms ?? 0)));
  // Issue 7's target: graph build + paths + plan, summed per run (the GC lands in one stage or another run to run).
  const attackStages = ['graph', 'paths', 'plan'];
  const attack = first.stages.some((x) => x.name === 'graph')
    ? median(scans.map((s) => s.stages.reduce((sum, x) => sum + (attackStages.includes(x.name) ? x.ms : 0), 0)))
    : undefined;
  rows.push({
    name: benchCase.name,
    objects: first.objects,
    pods: first.pods,
    stages,
    attack,
    total: median(scans.map((s) => s.totalMs)),
    floor: median(floors),
    peakRss: median(scans.map((s) => s.peakRssBytes)),
    runs: benchCase.runs,
  });
}

const stageNames = [...new Set(rows.flatMap((row) => [...row.stages.keys()]))];
const ms = (value: number): string => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
process.stdout.write(
  `chokepoint benchmark: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n` +
    'times are medians over the runs (graph+paths+plan: of their sum in each run); each run is a fresh process; floor = read + JSON.parse/YAML parse of the same bytes\n\n',
);
process.stdout.write(
  formatTable(
    [
      'input',
      'objects',
      'pods',
      ...stageNames,
      'graph+paths+plan',
      'total',
      'floor',
      'total/floor',
      'peak RSS',
      'runs',
    ],
    rows.map((row) => [
      row.name,
      String(row.objects),
      String(row.pods),
      ...stageNames.map((stage) => (row.stages.has(stage) ? ms(row.stages.get(stage)!) : '')),
      row.attack !== undefined ? ms(row.attack) : '',
      ms(row.total),
      ms(row.floor),
      `${(row.total / row.floor).toFixed(2)}x`,
      `${Math.round(row.peakRss / 2 ** 20)} MiB`,
      String(row.runs),
    ]),
  ),
);

// The targeted figures the issues set beside the pipeline table: RBAC queries on the largest generated cluster of
// this run, and image cataloging, matching and database import. Each prints its own lines.
if (!only) {
  const largest = cases.filter((c) => c.name.startsWith('generated')).at(-1);
  const targeted: [string, string[]][] = [
    ...(largest ? ([['bench/rbac.js', largest.paths]] as [string, string[]][]) : []),
    ['bench/image.js', ['--runs', '3']],
  ];
  for (const [script, args] of targeted) {
    process.stdout.write(`\n${script.replace(/^bench\/|\.js$/g, '')} (${args.join(' ')}):\n`);
    const result = spawnSync(process.execPath, [...NODE_FLAGS, path.join(dist, script), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(result.stdout);
  }
}
