/**
 * One measured run of the scan pipeline, in a process of its own so that peak RSS belongs to this run alone.
 * Prints one JSON line: the stages with their times, the total, the peak RSS and the input's shape.
 * Usage: node dist/bench/measure-scan.js PATH...
 */
import { scan } from '../src/scan/scan.js';
import { StageTimer } from '../src/scan/stages.js';
import { renderReport } from '../src/report/index.js';

const paths = process.argv.slice(2);
const timer = new StageTimer();
const start = performance.now();
const { report } = await scan(paths, { version: '0.0.0', timer });
await timer.time('render', () => renderReport(report, 'json').length);
const totalMs = performance.now() - start;
process.stdout.write(
  JSON.stringify({
    stages: timer.stages,
    totalMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    objects: report.inventory.objects,
    pods: report.inventory.pods,
    workloads: report.inventory.workloads,
    errors: report.errors.length,
  }) + '\n',
);
