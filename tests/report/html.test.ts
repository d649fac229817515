import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedJson, renderHtml } from '../../src/report/html.js';
import { emptyReport, sampleReport } from './sample-report.js';

function embedded(html: string, id = 'report-data'): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^]*?)</script>`).exec(html);
  assert.ok(match, `no ${id} block`);
  return JSON.parse(match[1]!);
}

/** The page without its script elements: the markup a reader's browser parses as HTML. */
function markup(html: string): string {
  return html.replace(/<script\b[^>]*>[^]*?<\/script>/g, '');
}

test('nothing is fetched: no http(s) or protocol-relative src/href, no @import or url(), CSP default-src none', () => {
  for (const html of [renderHtml(sampleReport()), renderHtml(emptyReport())]) {
    const page = markup(html);
    assert.doesNotMatch(page, /\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(page, /<link\b/i);
    assert.doesNotMatch(page, /@import|url\(/i);
    assert.doesNotMatch(html, /<script\b[^>]*\bsrc\s*=/i, 'no script is loaded from anywhere');
    // Whatever the bundled library might try, the policy lets nothing be fetched.
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'[;"]/);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<style>/);
  }
});

test('a script in a finding message is escaped', () => {
  const html = renderHtml(sampleReport());
  assert.ok(html.includes('label value is &lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!html.includes('<script>alert(1)'));
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [
    ' type="application/json" id="graph-data"',
    ' type="application/json" id="report-data"',
    '',
    '',
  ]);
});

test('escaping covers object names, errors, paths and attributes', () => {
  const report = sampleReport();
  report.findings[0]!.object.name = '"><img src=x onerror=alert(1)>';
  report.errors[0]!.message = '<b>bold</b>';
  report.paths[0]!.id = '" onmouseover="alert(1)';
  report.paths[0]!.steps[0]!.because = '<iframe>';
  // The data blocks hold the raw strings (as JSON, where they are inert): look at the markup only.
  const html = markup(renderHtml(report));
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<b>bold'));
  assert.ok(!html.includes('<iframe>'));
  assert.ok(!html.includes('" onmouseover'));
  assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
});

test('the embedded JSON parses back to the report and cannot close its element', () => {
  const report = sampleReport();
  report.findings[1]!.message = '</script><script>alert(2)</script><!-- \u2028';
  const html = renderHtml(report);
  assert.deepEqual(embedded(html), report);
  // Four script elements (two JSON blocks, the library, the drawing), so four ends: none came from the data.
  assert.equal(html.match(/<\/script>/g)?.length, 4);
  assert.ok(!embedJson(report).includes('<'));
  assert.deepEqual(embedded(renderHtml(emptyReport())), emptyReport());
});

test('summary counts, inputs, errors, findings by severity with remediation, paths and plan are all there', () => {
  const html = renderHtml(sampleReport());
  for (const id of ['summary', 'inputs', 'errors', 'findings', 'attack-paths', 'plan']) {
    assert.ok(html.includes(`<section id="${id}">`), id);
  }
  assert.match(html, /<span class="count sev-critical">2<\/span>Critical/);
  assert.match(html, /<td class="id">overlays\/prod:v2<\/td><td class="num">1<\/td><td class="num">2<\/td>/);
  assert.ok(html.includes('YAML: bad indentation of a mapping entry'));
  // Severity groups in order, each finding under its own.
  const groups = [...html.matchAll(/<h3 id="severity-(\w+)">/g)].map((m) => m[1]);
  assert.deepEqual(groups, ['critical', 'high', 'medium', 'low', 'info']);
  assert.equal(html.match(/<tr class="finding" data-severity="critical">/g)?.length, 2);
  assert.ok(html.includes('overlays/prod:v2/agent.yaml:7'));
  assert.ok(html.includes('Set securityContext.privileged to false.'));
  assert.ok(html.includes('kubescape: C-0057'));
  assert.match(html, /<span class="technique">CE_PRIVILEGED<\/span>/);
  assert.match(html, /1 fix takes attack paths from 1 to 0/);
  assert.ok(html.includes('&quot;privileged&quot;: false'));
});

test('the empty report says so', () => {
  const html = renderHtml(emptyReport());
  assert.ok(html.includes('<p>No findings.</p>'));
  assert.ok(html.includes('<p>No attack paths found.</p>'));
  assert.ok(html.includes('<p>No fixes.</p>'));
  assert.ok(html.includes('<p>No input errors.</p>'));
});
