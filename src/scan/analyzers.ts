import type { GraphSettings, SharedAnalyses } from '../graph/context.js';
import { imageFindings } from '../image/findings.js';
import { scanWorkloadImages, type WorkloadImageOptions } from '../image/workload-images.js';
import type { InputError, Inventory } from '../inventory/types.js';
import { analyzeNetwork } from '../network/index.js';
import { postureFindings } from '../posture/analyzer.js';
import { DEFAULT_CONFIG, type PostureConfig } from '../posture/config.js';
import { pssFindings } from '../posture/pss/index.js';
import { analyzeRbac, findingsOf } from '../rbac/index.js';
import type { Finding } from '../report/model.js';

/** What an analyzer adds to a scan: findings for people (indexes for the graph join later). */
export interface AnalyzerResult {
  findings: Finding[];
  /** Input problems found while analysing (an image that cannot be pulled): reported like unreadable files. */
  errors?: InputError[];
  /** Facts for the attack graph's settings (image vulnerabilities). */
  graph?: Partial<GraphSettings>;
  /** The analysis made, for the attack graph to reuse on the same inventory. */
  shared?: Omit<SharedAnalyses, 'inventory'>;
}

/** Settings from the command line and config file that analyzers read. */
export interface AnalysisSettings {
  /** Add the API server's default RBAC objects the input does not define (`--no-default-rbac` turns it off). */
  defaultRbac: boolean;
  /** `.chokepoint.yaml` (or `--config`): checks on and off, severities, exceptions. */
  config: PostureConfig;
  /** `scan --images`: scan the images the workloads run (absent: images are not scanned). */
  images?: WorkloadImageOptions;
}

export const DEFAULT_SETTINGS: AnalysisSettings = { defaultRbac: true, config: DEFAULT_CONFIG };

/** One analysis over the inventory; `scan` runs each registered analyzer as a timed stage of its own. */
export interface Analyzer {
  /** Stage name in benchmarks and progress output, e.g. `posture`. */
  name: string;
  run(inventory: Inventory, settings: AnalysisSettings): AnalyzerResult | Promise<AnalyzerResult>;
}

/** Every analyzer `scan` runs. */
export const ANALYZERS: readonly Analyzer[] = [
  { name: 'posture', run: (inventory, settings) => ({ findings: postureFindings(inventory, settings.config) }) },
  { name: 'pss', run: (inventory) => ({ findings: pssFindings(inventory) }) },
  {
    name: 'network',
    run: (inventory) => {
      const network = analyzeNetwork(inventory);
      return { findings: network.findings, shared: { network } };
    },
  },
  {
    name: 'rbac',
    run: (inventory, settings) => {
      const rbac = analyzeRbac(inventory, { defaultRbac: settings.defaultRbac });
      return { findings: findingsOf(rbac), shared: { rbac } };
    },
  },
  { name: 'images', run: imagesAnalyzer },
];

async function imagesAnalyzer(inventory: Inventory, settings: AnalysisSettings): Promise<AnalyzerResult> {
  if (!settings.images) return { findings: [] };
  const scanned = await scanWorkloadImages(inventory, settings.images);
  return {
    findings: imageFindings(scanned.images, scanned.uses),
    errors: scanned.errors,
    graph: { imageVulnerabilities: scanned.images },
  };
}
