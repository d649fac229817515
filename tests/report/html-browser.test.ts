/**
 * The HTML report in a real browser: headless Chromium opens the demo's report from a file, cytoscape draws the
 * graph under the page's own Content-Security-Policy, and the path and fix lists select what they name.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphData } from '../../src/report/graph-data.js';
import { runCli, tempTree } from '../helpers.js';

/** Chromium from $CHROMIUM or PATH; the test fails (it is not skipped) when there is none. */
function chromium(): string {
  const candidates = [process.env['CHROMIUM'], 'chromium', 'chromium-browser', 'google-chrome'].filter(
    (c): c is string => Boolean(c),
  );
  const found = candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
  assert.ok(found, 'these tests need Chromium: install it or set CHROMIUM to its path');
  return found;
}

interface BrowserRun {
  dom: string;
  /** Chromium's log: console messages, CSP violations and uncaught errors among them. */
  log: string;
}

function open(html: string): BrowserRun {
  const dir = tempTree({ 'report.html': html });
  const result = spawnSync(
    chromium(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--enable-logging=stderr',
      '--v=0',
      '--window-size=1280,900',
      '--virtual-time-budget=10000',
      '--dump-dom',
      pathToFileURL(path.join(dir, 'report.html')).href,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(result.status, 0, result.stderr);
  return { dom: result.stdout, log: result.stderr };
}

function consoleLines(log: string): string[] {
  return log.split('\n').filter((line) => /:CONSOLE[:(]|Content Security Policy|Uncaught/i.test(line));
}

const demoHtml = (() => {
  let html: string | undefined;
  return (): string => {
    if (html === undefined) {
      const result = runCli(['scan', 'examples/demo', '--format', 'html']);
      assert.equal(result.status, 0, result.stderr);
      html = result.stdout;
    }
    return html;
  };
})();

function graphData(html: string): GraphData {
  const block = /<script type="application\/json" id="graph-data">([^]*?)<\/script>/.exec(html);
  assert.ok(block);
  return JSON.parse(block[1]!) as GraphData;
}

test("Chromium draws the demo's attack graph under the page's CSP, with no violation and no error", () => {
  const html = demoHtml();
  const { dom, log } = open(html);
  assert.deepEqual(consoleLines(log), [], 'nothing on the console: no CSP violation, no uncaught error');
  assert.match(dom, /<section id="attack-graph" data-graph="drawn"/, 'the layout ran to its end');
  const canvases = dom.match(/<canvas data-id="layer\d-[a-z]+"/g) ?? [];
  assert.ok(canvases.length >= 3, `cytoscape's canvas layers: ${canvases.length}`);
  const data = graphData(html);
  assert.match(
    dom,
    new RegExp(
      `<p id="graph-status" class="muted" role="status">Drawn: ${data.nodes.length} nodes, ${data.edges.length} steps\\.`,
    ),
  );
  assert.match(dom, /<div id="graph-panel">/, 'the panel is shown');
  assert.match(dom, /<p class="note" id="graph-nojs" hidden="">/, 'the no-JavaScript note is hidden');
});

test('a CSP hash that does not match stops the scripts: the check above can fail', () => {
  const html = demoHtml().replace(/'sha256-[A-Za-z0-9+/=]+'/, "'sha256-AAAA'");
  const { dom, log } = open(html);
  assert.ok(
    consoleLines(log).some((line) => line.includes('Content Security Policy')),
    'Chromium reports the blocked script',
  );
  assert.doesNotMatch(dom, /data-graph="drawn"/);
  assert.match(dom, /<div id="graph-panel" hidden="">/);
});

test('selecting a path highlights its steps; selecting a fix highlights the steps it removes', () => {
  const html = demoHtml();
  const data = graphData(html);
  const fixed = data.fixes.findIndex((f) => f.edges.length > 0);
  assert.ok(fixed >= 0, 'the demo plan removes some drawn step');
  const chosen = data.paths.length - 1;
  // A test script, allowed by its own hash, clicks as a reader would and writes down what the page selected.
  const click =
    `var s = document.getElementById('attack-graph');` +
    `document.querySelector('button[data-path="${chosen}"]').click();` +
    `s.setAttribute('data-path-selection', s.getAttribute('data-selected'));` +
    `s.setAttribute('data-path-detail', document.getElementById('graph-detail').textContent);` +
    `document.querySelector('button[data-fix="${fixed}"]').click();`;
  const hash = `'sha256-${createHash('sha256').update(click).digest('base64')}'`;
  const page = html
    .replace(/script-src ([^;"]+)/, `script-src $1 ${hash}`)
    .replace('</body>', `<script>${click}</script>\n</body>`);
  const { dom, log } = open(page);
  assert.deepEqual(consoleLines(log), []);
  const attribute = (name: string): string => {
    const match = new RegExp(`<section id="attack-graph"[^>]* ${name}="([^"]*)"`).exec(dom);
    assert.ok(match, name);
    return match[1]!
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  };
  assert.deepEqual(attribute('data-path-selection').split(' ').sort(), [...data.paths[chosen]!.edges].sort());
  const firstStep = data.edges.find((e) => e.id === data.paths[chosen]!.edges[0])!;
  assert.ok(attribute('data-path-detail').includes(`${firstStep.from} → ${firstStep.technique} → ${firstStep.to}`));
  assert.deepEqual(attribute('data-selected').split(' ').sort(), [...data.fixes[fixed]!.edges].sort());
  assert.match(dom, new RegExp(`<button type="button" data-fix="${fixed}" aria-pressed="true"`));
  assert.match(dom, new RegExp(`<button type="button" data-path="${chosen}" aria-pressed="false"`));
});
