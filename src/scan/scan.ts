import { loadInventory, type LoadOptions } from '../inventory/load.js';
import { loadConfig } from '../posture/config.js';
import type { Inventory } from '../inventory/types.js';
import { buildReport } from '../report/build.js';
import type { Finding, Report } from '../report/model.js';
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
}

export interface ScanResult {
  inventory: Inventory;
  report: Report;
}

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
  for (const analyzer of options.analyzers ?? ANALYZERS) {
    options.onStage?.(analyzer.name);
    const result = await timer.time(analyzer.name, () => analyzer.run(inventory, settings));
    findings.push(...result.findings);
  }
  options.onStage?.('report');
  const report = await timer.time('report', () => buildReport(inventory, { version: options.version, findings }));
  return { inventory, report };
}
