import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { repoRoot } from '../helpers.js';
import {
  isReportFormat,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReport,
  renderSarif,
  renderTable,
  REPORT_FORMATS,
} from '../../src/report/index.js';
import { emptyReport, sampleReport } from './sample-report.js';

test('REPORT_FORMATS lists the five formats and isReportFormat accepts only them', () => {
  assert.deepEqual([...REPORT_FORMATS], ['table', 'json', 'sarif', 'markdown', 'html']);
  for (const format of REPORT_FORMATS) assert.ok(isReportFormat(format));
  assert.ok(!isReportFormat('xml'));
});

test('renderReport dispatches to each writer', () => {
  const report = sampleReport();
  assert.equal(renderReport(report, 'table'), renderTable(report, { color: false }));
  assert.equal(renderReport(report, 'table', { color: true }), renderTable(report, { color: true }));
  assert.equal(renderReport(report, 'json'), renderJson(report));
  assert.equal(renderReport(report, 'sarif'), renderSarif(report));
  assert.equal(renderReport(report, 'markdown'), renderMarkdown(report));
  assert.equal(renderReport(report, 'html'), renderHtml(report));
});

test('every format ends with a newline and does not change the report', () => {
  for (const format of REPORT_FORMATS) {
    const report = sampleReport();
    const text = renderReport(report, format, { color: true });
    assert.ok(text.endsWith('\n'), format);
    assert.deepEqual(report, sampleReport(), format);
  }
});

test('JSON is the report, two-space indented', () => {
  const text = renderJson(sampleReport());
  assert.deepEqual(JSON.parse(text), sampleReport());
  assert.ok(text.startsWith('{\n  "schemaVersion": "chokepoint/v1",\n'));
  assert.ok(text.endsWith('}\n'));
});

const reportSchema = path.join(repoRoot, 'schemas/report.schema.json');
test(
  'JSON validates against the report schema',
  { skip: !existsSync(reportSchema) && 'no schemas/report.schema.json yet' },
  () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(reportSchema, 'utf8')));
    for (const report of [sampleReport(), emptyReport()]) {
      assert.ok(validate(JSON.parse(renderJson(report))), JSON.stringify(validate.errors));
    }
  },
);
