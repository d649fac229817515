/**
 * One self-contained HTML file: inline CSS and scripts, nothing fetched, so it opens offline and can be attached to a
 * ticket. Every user-derived string goes through escapeHtml; the report itself is embedded as JSON. The attack graph
 * is drawn by cytoscape, written into the page and allowed by its hash in the Content-Security-Policy.
 */

import {
  activeFindings,
  countBySeverity,
  escapeHtml as h,
  formatScore,
  objectLabel,
  plural,
  planSummary,
  severityTitle,
  sortFindings,
  suppressedFindings,
  suppressionSource,
  totalsLine,
} from './common.js';
import { embedJson } from './embed-json.js';
import { GRAPH_CSS, graphSection } from './graph-html.js';
import { SEVERITIES, type Finding, type Report } from './model.js';

export { embedJson };

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --critical: #b00020; --high: #d1242f; --medium: #9a6700; --low: #0969da; --info: #59636e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --critical: #ff6b81; --high: #f85149; --medium: #d29922; --low: #4493f8; --info: #9198a1; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
.muted, .note { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; padding: 0; list-style: none; }
.cards li { min-width: 110px; padding: 8px 12px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); }
.cards .count { display: block; font-size: 22px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
td { overflow-wrap: anywhere; }
table.findings { table-layout: fixed; }
pre { margin: 0; padding: 8px; background: var(--panel); border-radius: 6px; overflow-x: auto; }
.sev { display: inline-block; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
.sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
.count.sev-critical, .count.sev-high, .count.sev-medium, .count.sev-low, .count.sev-info { background: none; }
.count.sev-critical { color: var(--critical); } .count.sev-high { color: var(--high); }
.count.sev-medium { color: var(--medium); } .count.sev-low { color: var(--low); } .count.sev-info { color: var(--info); }
ol.paths > li { margin-bottom: 12px; }
ol.steps { margin: 4px 0; }
.technique { font-weight: 600; }
ul.refs { margin: 0; padding-left: 16px; }
`;

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${heading}</h2>\n${body}\n</section>`;
}

function references(finding: Finding): string {
  const entries = Object.entries(finding.references).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  // Plain text, never links: the file must not point at anything outside itself.
  const items = entries.map(([key, value]) => {
    const values = Array.isArray(value) ? value : [value];
    return `<li>${h(key)}: ${values.map(h).join(', ')}</li>`;
  });
  return `<ul class="refs">${items.join('')}</ul>`;
}

// Fixed column widths so the tables of the severity groups line up under one another.
const FINDING_COLUMNS =
  '<colgroup><col style="width:14%"><col style="width:17%"><col style="width:8%"><col style="width:17%">' +
  '<col style="width:22%"><col style="width:22%"></colgroup>';

function findingsSection(report: Report): string {
  const active = activeFindings(report.findings);
  if (active.length === 0) return '<p>No findings.</p>';
  const groups = SEVERITIES.map((severity) => {
    const findings = active.filter((f) => f.severity === severity);
    if (findings.length === 0) return '';
    const rows = findings.map(
      (f) =>
        `<tr class="finding" data-severity="${f.severity}"><td class="id">${h(f.checkId)}</td>` +
        `<td class="id">${h(objectLabel(f.object))}</td><td>${h(f.container ?? '')}</td>` +
        `<td class="id">${h(f.location ?? '')}</td><td>${h(f.message)}</td>` +
        `<td>${h(f.remediation)}${references(f)}</td></tr>`,
    );
    return (
      `<h3 id="severity-${severity}"><span class="sev sev-${severity}">${severityTitle(severity)}</span> ` +
      `${findings.length}</h3>\n<table class="findings">${FINDING_COLUMNS}\n<thead><tr><th>Check</th><th>Object</th><th>Container</th>` +
      `<th>Location</th><th>Message</th><th>Remediation</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n` +
      `</tbody>\n</table>`
    );
  });
  return groups.filter(Boolean).join('\n');
}

/** Findings an exception covers, apart from the others, with who suppressed them and why. */
function suppressedSection(suppressed: readonly Finding[]): string {
  const rows = suppressed.map(
    (f) =>
      `<tr class="finding suppressed" data-severity="${f.severity}"><td><span class="sev sev-${f.severity}">` +
      `${severityTitle(f.severity)}</span></td><td class="id">${h(f.checkId)}</td>` +
      `<td class="id">${h(objectLabel(f.object))}</td><td>${h(f.container ?? '')}</td>` +
      `<td class="id">${h(f.location ?? '')}</td><td>${h(f.message)}</td>` +
      `<td>${h(suppressionSource(f))}</td><td>${h(f.suppressed?.justification ?? '')}</td></tr>`,
  );
  return (
    `<p class="note">These findings are covered by exceptions: they are not counted above and do not fail --fail-on.</p>\n` +
    `<table class="findings">\n<thead><tr><th>Severity</th><th>Check</th><th>Object</th><th>Container</th>` +
    `<th>Location</th><th>Message</th><th>Suppressed by</th><th>Justification</th></tr></thead>\n<tbody>\n` +
    `${rows.join('\n')}\n</tbody>\n</table>`
  );
}

function pathsSection(report: Report): string {
  if (report.paths.length === 0) return '<p>No attack paths found.</p>';
  const items = report.paths.map((path) => {
    const steps = path.steps.map(
      (step) =>
        `<li><span class="id">${h(step.from)}</span> → <span class="technique">${h(step.technique)}</span> → ` +
        `<span class="id">${h(step.to)}</span>${step.because ? ` <span class="muted">— ${h(step.because)}</span>` : ''}</li>`,
    );
    return (
      `<li id="path-${h(path.id)}"><strong class="id">${h(path.source)}</strong> to ` +
      `<strong class="id">${h(path.target)}</strong> <span class="muted">score ${formatScore(path.score)}, ` +
      `${plural(path.steps.length, 'step')}</span>\n<ol class="steps">${steps.join('')}</ol></li>`
    );
  });
  return `<ol class="paths">\n${items.join('\n')}\n</ol>`;
}

function planSection(report: Report): string {
  const plan = report.plan;
  if (plan.fixes.length === 0) return '<p>No fixes.</p>';
  const rows = plan.fixes.map(
    (fix) =>
      `<tr><td class="id">${h(fix.id)}</td><td class="id">${h(objectLabel(fix.object))}</td>` +
      `<td class="num">${fix.cuts}</td><td class="num">${fix.cost}</td><td>${h(fix.techniques.join(', '))}</td>` +
      `<td><pre><code>${h(JSON.stringify(fix.patch, null, 2))}</code></pre></td></tr>`,
  );
  return (
    `<p>${h(planSummary(plan))}.</p>\n<table>\n<thead><tr><th>Fix</th><th>Object</th><th class="num">Cuts</th>` +
    `<th class="num">Cost</th><th>Techniques</th><th>Patch</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n` +
    `</tbody>\n</table>`
  );
}

export function renderHtml(report: Report): string {
  const active = activeFindings(report.findings);
  const suppressed = suppressedFindings(report.findings);
  const counts = countBySeverity(active);
  const inv = report.inventory;
  const unknownTotal = Object.values(inv.unknownKinds).reduce((a, b) => a + b, 0);
  const unknownList = Object.entries(inv.unknownKinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${h(kind)} ${count}`)
    .join(', ');

  const cards = [
    ...SEVERITIES.map((s) => `<li><span class="count sev-${s}">${counts[s]}</span>${severityTitle(s)}</li>`),
    ...(suppressed.length > 0 ? [`<li><span class="count">${suppressed.length}</span>Suppressed</li>`] : []),
    `<li><span class="count">${report.paths.length}</span>Attack paths</li>`,
    `<li><span class="count">${report.plan.fixes.length}</span>Fixes</li>`,
    `<li><span class="count">${report.errors.length}</span>Input errors</li>`,
  ];

  const inputs =
    report.inputs.length === 0
      ? '<p>No inputs.</p>'
      : `<table>\n<thead><tr><th>Source</th><th class="num">Files</th><th class="num">Objects</th></tr></thead>\n` +
        `<tbody>\n${report.inputs
          .map(
            (i) =>
              `<tr><td class="id">${h(i.source)}</td><td class="num">${i.files}</td><td class="num">${i.objects}</td></tr>`,
          )
          .join('\n')}\n</tbody>\n</table>`;
  const inventory =
    `<p>${plural(inv.objects, 'object')} (${inv.implied} implied), ${plural(inv.workloads, 'workload')}, ` +
    `${plural(inv.pods, 'pod')}, ${plural(inv.namespaces, 'namespace')}, ${plural(inv.nodes, 'node')}; ` +
    `graph of ${plural(report.graph.nodes, 'node')} and ${plural(report.graph.edges, 'edge')}.` +
    (unknownTotal > 0 ? ` Objects of unknown kinds: ${unknownTotal} (${unknownList}).` : '') +
    `</p>`;

  const errors =
    report.errors.length === 0
      ? '<p>No input errors.</p>'
      : `<table>\n<thead><tr><th>Source</th><th>Object</th><th>Message</th></tr></thead>\n<tbody>\n${report.errors
          .map(
            (e) =>
              `<tr><td class="id">${h(e.source)}</td><td class="id">${h(e.object ?? '')}</td><td>${h(e.message)}</td></tr>`,
          )
          .join('\n')}\n</tbody>\n</table>`;

  const graph = graphSection(report);
  // Only the inline scripts of this page may run (by hash); nothing is fetched. Styles stay 'unsafe-inline': the
  // page's own <style>, a few style attributes, and the stylesheet cytoscape adds for its container.
  const scriptSrc = graph.scriptHashes.length > 0 ? `; script-src ${graph.scriptHashes.join(' ')}` : '';
  const csp = `default-src 'none'${scriptSrc}; style-src 'unsafe-inline'; img-src data:`;
  const scripts = graph.scripts.map((script) => `<script>${script}</script>`).join('\n');
  const title = `${report.tool.name} report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${h(title)}</title>
<style>${CSS}${GRAPH_CSS}</style>
</head>
<body>
<header>
<h1>${h(title)}</h1>
<p class="muted">${h(report.tool.name)} ${h(report.tool.version)} · ${h(report.schemaVersion)} · ${h(totalsLine(report))}</p>
</header>
<main>
${section('summary', 'Summary', `<ul class="cards">\n${cards.join('\n')}\n</ul>`)}
${section('inputs', 'Inputs', `${inputs}\n${inventory}`)}
${section('errors', `Input errors (${report.errors.length})`, errors)}
${section('findings', `Findings (${active.length})`, findingsSection(report))}${
    suppressed.length > 0
      ? `\n${section('suppressed', `Suppressed findings (${suppressed.length})`, suppressedSection(sortFindings(suppressed)))}`
      : ''
  }
${section('attack-paths', `Attack paths (${report.paths.length})`, pathsSection(report))}
${section('attack-graph', 'Attack graph', graph.body)}
${section('plan', 'Plan', planSection(report))}
</main>
<script type="application/json" id="report-data">${embedJson(report)}</script>${scripts ? `\n${scripts}` : ''}
</body>
</html>
`;
}
