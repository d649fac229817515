/**
 * Benchmark of the network analyzer: the full workload-level connectivity map and the Internet exposure on generated
 * clusters (10k and 100k pods by default). Each run is a fresh Node process, so peak RSS belongs to that run alone.
 *
 *   node dist/bench/network.js [--pods 10000,100000] [--runs 3] [--profile default]
 *
 * Stages of a run:
 *   load      reading the dump into the inventory (not the network analyzer; shown for scale)
 *   classes   endpoints, equivalence classes, predicates evaluated once per class, policy profiles
 *   map       the complete class-level map (every source class x every destination class) and the exact number of
 *             connected ordered workload pairs it stands for
 *   ranges    each workload's connections to and from external address ranges
 *   exposure  Internet exposure along the entry paths (load balancers, node ports, ingress controllers, gateways...)
 *   visit     enumerating every connected workload pair one by one (what printing the whole map would iterate)
 * "network" is classes + map + ranges + exposure: what `netpol --exposure` computes before printing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory } from '../src/inventory/load.js';
import { internetExposure } from '../src/network/exposure.js';
import { Reachability } from '../src/network/reachability.js';
import { formatTable } from './table.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Measurement {
  pods: number;
  workloads: number;
  classes: number;
  profiles: number;
  predicates: number;
  pairs: number;
  visited: number;
  rangeLines: number;
  exposed: number;
  stages: Record<string, number>;
  /** CPU time (user + system) of each stage: steadier than wall time on a shared machine. */
  cpu: Record<string, number>;
  peakRssBytes: number;
  heapAfterLoadBytes: number;
}

function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function child(dir: string): Promise<void> {
  const stages: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const time = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const out = await f();
    stages[name] = performance.now() - start;
    const used = process.cpuUsage(startCpu);
    cpu[name] = (used.user + used.system) / 1000;
    return out;
  };
  const inventory = await time('load', () => loadInventory([dir]));
  const heapAfterLoadBytes = process.memoryUsage().heapUsed;
  const reach = await time('classes', () => new Reachability(inventory));
  const pairs = await time('map', () => reach.countWorkloadPairs());
  const rangeLines = await time('ranges', () => {
    let n = 0;
    for (let w = 0; w < reach.workloads.length; w++) n += reach.egressRanges(w).length + reach.ingressRanges(w).length;
    return n;
  });
  const exposure = await time('exposure', () => internetExposure(reach));
  const visited = await time('visit', () => {
    let n = 0;
    reach.forEachWorkloadPair(() => n++);
    return n;
  });
  stages['network'] = stages['classes']! + stages['map']! + stages['ranges']! + stages['exposure']!;
  cpu['network'] = cpu['classes']! + cpu['map']! + cpu['ranges']! + cpu['exposure']!;
  const engine = reach.engine;
  const result: Measurement = {
    pods: inventory.workloads.reduce((n, w) => n + w.pods.length, 0),
    workloads: reach.workloads.length,
    classes: engine.classes.length,
    profiles: engine.profiles.length,
    predicates: engine.policies.predicates.specs.length,
    pairs,
    visited,
    rangeLines,
    exposed: exposure.length,
    stages,
    cpu,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapAfterLoadBytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function ensureCluster(pods: number, profile: string): string {
  const suffix = profile === 'default' ? '' : `-${profile}`;
  const dir = path.join(root, 'bench', 'out', `cluster-${pods}-seed1${suffix}`);
  if (!existsSync(path.join(dir, 'cluster'))) {
    process.stderr.write(`generating ${pods} pods into ${path.relative(root, dir)}…\n`);
    execFileSync(
      process.execPath,
      [
        path.join(root, 'dist/src/cli/main.js'),
        'generate',
        '--pods',
        String(pods),
        '--seed',
        '1',
        '--profile',
        profile,
        '--out',
        dir,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const childDir = argValue('--child');
  if (childDir) return child(childDir);
  const sizes = (argValue('--pods') ?? '10000,100000').split(',').map(Number);
  const runs = Number(argValue('--runs') ?? '3');
  const profile = argValue('--profile') ?? 'default';
  const rows: string[][] = [];
  for (const pods of sizes) {
    const dir = ensureCluster(pods, profile);
    const measurements: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      const result = spawnSync(
        process.execPath,
        ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', dir],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      if (result.status !== 0) throw new Error(`run failed (${result.status}): ${result.stderr}`);
      measurements.push(JSON.parse(result.stdout) as Measurement);
    }
    const m = measurements[0]!;
    const fmt = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
    // Wall time, with CPU time in brackets when the machine was busy enough for them to differ by more than 20%.
    const stage = (name: string) => {
      const wall = median(measurements.map((x) => x.stages[name]!));
      const used = median(measurements.map((x) => x.cpu[name]!));
      return Math.abs(wall - used) > 0.2 * wall ? `${fmt(wall)} (cpu ${fmt(used)})` : fmt(wall);
    };
    rows.push([
      `${pods / 1000}k pods${profile === 'default' ? '' : ` (${profile})`}`,
      String(m.workloads),
      String(m.classes),
      String(m.profiles),
      m.pairs.toLocaleString('en-US'),
      String(m.exposed),
      stage('load'),
      stage('classes'),
      stage('map'),
      stage('ranges'),
      stage('exposure'),
      stage('network'),
      stage('visit'),
      `${Math.round(median(measurements.map((x) => x.peakRssBytes)) / 2 ** 20)} MiB`,
      `${Math.round(m.heapAfterLoadBytes / 2 ** 20)} MiB`,
      String(runs),
    ]);
    if (m.visited !== m.pairs) process.stderr.write(`warning: visited ${m.visited} pairs but counted ${m.pairs}\n`);
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  process.stdout.write(
    `chokepoint network benchmark: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}; medians of ${runs} fresh processes\n\n`,
  );
  process.stdout.write(
    formatTable(
      [
        'input',
        'workloads',
        'classes',
        'profiles',
        'connected pairs',
        'exposed',
        'load',
        'classes',
        'map',
        'ranges',
        'exposure',
        'network',
        'visit',
        'peak RSS',
        'heap after load',
        'runs',
      ],
      rows,
    ),
  );
}

await main();
