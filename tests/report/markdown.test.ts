import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { emptyReport, sampleReport } from './sample-report.js';

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

test('a | in a value is escaped, so every findings row has as many cells as the header', () => {
  const text = renderMarkdown(sampleReport());
  assert.ok(text.includes('image nginx:latest \\| tag "latest" is not pinned'));
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| Severity |'));
  const width = cells(lines[header]!).length;
  const rows = lines.slice(header + 2).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('|')));
  assert.equal(rows.length, 6);
  for (const row of rows) assert.equal(cells(row).length, width, row);
});

test('markdown-significant characters and HTML are escaped', () => {
  assert.equal(escapeMarkdown('a|b'), 'a\\|b');
  assert.equal(
    escapeMarkdown('*x* _y_ `z` [l](u) <b> ~s~ &amp; $m$ \\'),
    '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\~s\\~ \\&amp; \\$m\\$ \\\\',
  );
  assert.equal(escapeMarkdown('two\nlines'), 'two lines');
  const text = renderMarkdown(sampleReport());
  assert.ok(!text.includes('<script>'));
  assert.ok(text.includes('\\<script\\>alert(1)\\</script\\>'));
});

test('sections: summary, inputs, errors, findings, paths and plan with its patch', () => {
  const text = renderMarkdown(sampleReport());
  for (const heading of [
    '## Chokepoint report',
    '### Inputs',
    '### Input errors (2)',
    '### Findings (6)',
    '### Attack paths (1)',
    '### Plan',
  ]) {
    assert.ok(text.includes(`\n${heading}\n`) || text.startsWith(`${heading}\n`), heading);
  }
  assert.match(text, /\| Critical findings \| 2 \|/);
  assert.match(text, /1\. \*\*Internet → ClusterAdmin\*\* \(score 9\.25\)/);
  assert.match(
    text,
    /- Endpoint:shop\/web:80 -\\\[ENDPOINT\\_WORKLOAD\\\]-\\> Workload:shop\/Deployment\/web — selector app=web/,
  );
  assert.match(text, /<details><summary>Patch for fix-1<\/summary>\n\n```json\n\{\n {2}"spec"/);
});

test('a patch with backticks gets a longer fence', () => {
  const report = sampleReport();
  report.plan.fixes[0]!.patch = { note: '```' };
  assert.match(renderMarkdown(report), /\n````json\n[^]*\n````\n/);
});

test('the empty report says so', () => {
  const text = renderMarkdown(emptyReport());
  assert.match(text, /^No findings\.$/m);
  assert.match(text, /^No attack paths found\.$/m);
  assert.match(text, /^No fixes\.$/m);
  assert.ok(!text.includes('Input errors ('));
  assert.ok(text.includes('**0 findings, 0 attack paths, 0 input errors**'));
});
