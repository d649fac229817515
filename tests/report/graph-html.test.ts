import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embedJson } from '../../src/report/embed-json.js';
import { buildGraphData } from '../../src/report/graph-data.js';
import { renderHtml } from '../../src/report/html.js';
import { isInlineSafe, scriptHash } from '../../src/report/inline-script.js';
import { repoRoot } from '../helpers.js';
import { emptyReport, sampleReport } from './sample-report.js';

const CYTOSCAPE = readFileSync(path.join(repoRoot, 'node_modules/cytoscape/dist/cytoscape.min.js'), 'utf8');

function csp(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'no CSP');
  return new Map(
    content.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

/** The inline executable scripts (no type attribute), in page order. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([^]*?)<\/script>/g)].map((m) => m[1]!);
}

test('the page inlines cytoscape and the drawing script, and its CSP allows exactly them by SHA-256', () => {
  const html = renderHtml(sampleReport());
  const scripts = inlineScripts(html);
  assert.equal(scripts.length, 2);
  assert.equal(scripts[0], CYTOSCAPE, 'the library is the package file, byte for byte');
  assert.match(scripts[1]!, /window\.cytoscape\(/);
  const policy = csp(html);
  // Recomputed here, not taken from the code under test.
  const expected = scripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  assert.deepEqual(policy.get('script-src'), expected);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('style-src'), ["'unsafe-inline'"]);
  assert.ok(!html.includes("'unsafe-eval'"));
  assert.ok(!policy.get('script-src')!.includes("'unsafe-inline'"));
  assert.equal(scriptHash('a'), `'sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs='`);
});

test('with no paths the page has no graph library, no drawing script and no script-src', () => {
  const html = renderHtml(emptyReport());
  assert.deepEqual(inlineScripts(html), []);
  assert.equal(csp(html).get('script-src'), undefined);
  assert.ok(!html.includes('cytoscape'));
  assert.ok(!html.includes('id="graph-data"'));
  assert.match(html, /<section id="attack-graph">\n<h2>Attack graph<\/h2>\n<p>No attack paths to draw.<\/p>/);
  assert.ok(html.length < 40_000, `${html.length} bytes`);
});

test('the graph data block round-trips and a </script> in a name or a fact cannot break out of it', () => {
  const report = sampleReport();
  const evil = '</script><script>alert(1)</script><!--';
  report.paths[0]!.steps[1]!.to = `Workload:shop/Deployment/${evil}`;
  report.paths[0]!.steps[2]!.from = `Workload:shop/Deployment/${evil}`;
  report.paths[0]!.steps[2]!.because = `label x=${evil} \u2028`;
  const html = renderHtml(report);
  const block = /<script type="application\/json" id="graph-data">([^]*?)<\/script>/.exec(html);
  assert.ok(block);
  assert.deepEqual(JSON.parse(block[1]!), buildGraphData(report));
  assert.ok(!block[1]!.includes('<'));
  // Exactly the page's own four script elements open and close.
  assert.equal(html.match(/<script\b/g)?.length, 4);
  assert.equal(html.match(/<\/script>/gi)?.length, 4);
  // In the markup the name is escaped text (path list, steps), never an element.
  assert.ok(html.includes('Deployment/&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--'));
});

test('embedJson writes <, >, &, U+2028 and U+2029 as escapes that JSON.parse reverses', () => {
  const value = { a: '</script>', b: '<!-- & -->', c: '\u2028\u2029', d: ['</SCRIPT >'] };
  const text = embedJson(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.equal(
    text,
    '{"a":"\\u003c/script\\u003e","b":"\\u003c!-- \\u0026 --\\u003e","c":"\\u2028\\u2029","d":["\\u003c/SCRIPT \\u003e"]}',
  );
  assert.deepEqual(JSON.parse(text), value);
});

test('isInlineSafe refuses text that would end a script element or open a comment', () => {
  assert.equal(isInlineSafe('var a = 1 < 2;'), true);
  assert.equal(isInlineSafe('x = "</script>"'), false);
  assert.equal(isInlineSafe('x = "</SCRIPT"'), false);
  assert.equal(isInlineSafe('<!-- y'), false);
  assert.equal(isInlineSafe(CYTOSCAPE), true);
});

test('without JavaScript the section says so and the paths and plan stay in their tables', () => {
  const html = renderHtml(sampleReport());
  const section = /<section id="attack-graph">([^]*?)<\/section>/.exec(html)![1]!;
  assert.match(section, /<p class="note" id="graph-nojs">Drawing the graph needs JavaScript/);
  assert.match(section, /<div id="graph-panel" hidden>/);
  assert.match(
    section,
    /<button type="button" data-path="0" aria-pressed="false" title="[^"]*">Internet → ClusterAdmin<\/button>/,
  );
  assert.match(section, /<button type="button" data-fix="0" aria-pressed="false">fix-1<\/button>/);
  assert.match(html, /<section id="attack-paths">/);
  assert.match(html, /<section id="plan">/);
});
