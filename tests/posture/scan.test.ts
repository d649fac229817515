/** The posture analyzer as `scan` will run it: a stage of the pipeline, its report valid against the schema. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postureAnalyzer } from '../../src/posture/analyzer.js';
import { loadConfig } from '../../src/posture/config.js';
import type { Analyzer } from '../../src/scan/analyzers.js';
import { scan } from '../../src/scan/scan.js';
import { StageTimer } from '../../src/scan/stages.js';
import { renderReport } from '../../src/report/index.js';
import { corpusManifests, parseValidReport, tempTree } from '../helpers.js';

test('registered as a scan stage, the posture analyzer fills the report, which stays schema-valid', async () => {
  const dir = tempTree({
    '.chokepoint.yaml': [
      'exceptions:',
      '  - check: CKP-101',
      '    kind: DaemonSet',
      '    namespace: kube-system',
      '    name: calico-node',
      '    justification: the CNI programs the node network',
    ].join('\n'),
  });
  const { config, errors } = loadConfig(undefined, dir);
  assert.deepEqual(errors, []);
  const analyzer: Analyzer = postureAnalyzer(config);
  const timer = new StageTimer();
  const { report } = await scan([corpusManifests], {
    version: '0.0.0-test',
    analyzers: [analyzer],
    timer,
    graphBuilder: null,
  });
  assert.deepEqual(
    timer.stages.map((s) => s.name),
    ['load', 'posture', 'report'],
  );
  const json = parseValidReport(renderReport(report, 'json'));
  // 122 findings with every check on; CKP-506 (8) and CKP-507 (2) are opt-in.
  assert.equal(json.findings.length, 112);
  const privileged = json.findings.filter((f) => f.checkId === 'CKP-101');
  assert.equal(privileged.length, 4);
  assert.ok(privileged.every((f) => f.suppressed?.by === 'config'));
  assert.ok(json.findings.every((f) => f.title && f.location && Object.keys(f.references).length > 0));
});
