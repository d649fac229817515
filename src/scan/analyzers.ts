import type { Inventory } from '../inventory/types.js';
import type { Finding } from '../report/model.js';
import { pssFindings } from '../posture/pss/index.js';

/** What an analyzer adds to a scan: findings for people (indexes for the graph join later). */
export interface AnalyzerResult {
  findings: Finding[];
}

/** One analysis over the inventory; `scan` runs each registered analyzer as a timed stage of its own. */
export interface Analyzer {
  /** Stage name in benchmarks and progress output, e.g. `posture`. */
  name: string;
  run(inventory: Inventory): AnalyzerResult | Promise<AnalyzerResult>;
}

/** Every analyzer `scan` runs. The posture, RBAC, network and image issues add theirs here. */
export const ANALYZERS: readonly Analyzer[] = [
  { name: 'pss', run: (inventory) => ({ findings: pssFindings(inventory) }) },
];
