import type { GraphSettings } from '../graph/context.js';
import { loadInventory, type LoadOptions } from '../inventory/load.js';
import { loadConfig } from '../posture/config.js';
import type { Inventory } from '../inventory/types.js';
import { buildReport } from '../report/build.js';
import type { Finding, Report } from '../report/model.js';
import {
  analyzeAttacks,
  type AttackAnalysis,
  type AttackAnalysisOptions,
  type GraphBuilder,
} from '../paths/analysis.js';
import { loadGraphBuilder } from '../paths/builder.js';
import { ANALYZERS, DEFAULT_SETTINGS, type AnalysisSettings, type Analyzer } from './analyzers.js';
import { StageTimer } from './stages.js';

export interface ScanOptions extends LoadOptions {
  version: string;
  analyzers?: readonly Analyzer[];
  settings?: Partial<AnalysisSettings>;
  /** The config file to read; undefined reads `.chokepoint.yaml` in the working folder if there is one. */
  configPath?: string;
  timer?: StageTimer;
  onStage?: (name: string) => void;
  /** Builds the attack graph; defaults to the technique registry's builder. `null` skips the graph stages. */
  graphBuilder?: GraphBuilder | null;
  /** Workloads above which the graph stages are skipped (default GRAPH_WORKLOAD_LIMIT). */
  graphWorkloadLimit?: number;
  /** Sources, targets, search bounds and `keep:` rules for the graph stages. */
  attack?: Omit<AttackAnalysisOptions, 'stage'>;
}

export interface ScanResult {
  inventory: Inventory;
  report: Report;
  /** The graph, paths and plan, when a graph builder was available. */
  attack?: AttackAnalysis;
}

/**
 * The graph, its paths and the verified plan take about 7.4 s and the whole scan about 20 s and 2.7 GiB for the
 * 100k-pod generated cluster (16,906 workloads; docs/benchmarks.md). Memory grows with the workloads, and V8's default
 * heap is about 4 GiB, so `scan` builds the graph up to this many workloads and says when it skipped it;
 * `--graph-limit` (or `graphWorkloadLimit`) raises it.
 */
export const GRAPH_WORKLOAD_LIMIT = 20_000;

/** The whole pipeline: inventory, then every analyzer, then the report; each a timed stage. */
export async function scan(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const timer = options.timer ?? new StageTimer();
  options.onStage?.('load');
  const inventory = await timer.time('load', () => loadInventory(paths, options));
  const loaded = options.settings?.config
    ? { config: options.settings.config, errors: [] }
    : loadConfig(options.configPath);
  // A broken config file is an input error like a broken manifest: reported, and the rest of it still applies.
  inventory.errors.push(...loaded.errors);
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, ...options.settings, config: loaded.config };
  const findings: Finding[] = [];
  let graphFacts: Partial<GraphSettings> = {};
  for (const analyzer of options.analyzers ?? ANALYZERS) {
    options.onStage?.(analyzer.name);
    const result = await timer.time(analyzer.name, () => analyzer.run(inventory, settings));
    findings.push(...result.findings);
    inventory.errors.push(...(result.errors ?? []));
    graphFacts = { ...graphFacts, ...result.graph };
    if (result.shared) graphFacts.analyses = { ...graphFacts.analyses, ...result.shared, inventory };
  }
  const build =
    options.graphBuilder === undefined
      ? await loadGraphBuilder({ ...graphFacts, defaultRbac: settings.defaultRbac })
      : options.graphBuilder;
  let attack: AttackAnalysis | undefined;
  const limit = options.graphWorkloadLimit ?? GRAPH_WORKLOAD_LIMIT;
  const skipped =
    build && inventory.workloads.length > limit
      ? `attack graph not built: ${inventory.workloads.length} workloads is over the limit of ${limit} (--graph-limit)`
      : undefined;
  if (build && !skipped) {
    attack = await analyzeAttacks(inventory, build, {
      ...options.attack,
      stage: (name, work) => {
        options.onStage?.(name);
        return timer.time(name, work);
      },
    });
  }
  options.onStage?.('report');
  const report = await timer.time('report', () =>
    buildReport(inventory, {
      version: options.version,
      findings,
      ...(attack
        ? {
            graph: { nodes: attack.graph.nodes.size, edges: attack.graph.edges.length },
            paths: attack.paths,
            ...(attack.plan ? { plan: attack.plan } : {}),
          }
        : skipped
          ? { graph: { nodes: 0, edges: 0, skipped } }
          : {}),
    }),
  );
  return { inventory, report, ...(attack ? { attack } : {}) };
}
