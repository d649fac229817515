/**
 * The attack-graph section of the HTML report: the markup the page script draws into (the path and fix lists are
 * rendered and escaped here, the script only wires them), the graph data block, and the two inline scripts with
 * the CSP hashes that allow them. Without JavaScript the section says so and the tables around it carry it all.
 */

import { escapeHtml as h, formatScore, formatSteps, plural } from './common.js';
import { embedJson } from './embed-json.js';
import { buildGraphData, nodeLabel, type GraphData } from './graph-data.js';
import { CUT_COLOR, KIND_STYLES, graphScript } from './graph-script.js';
import { cytoscapeSource, scriptHash } from './inline-script.js';
import type { Report } from './model.js';

export const GRAPH_CSS = `
#graph-panel:not([hidden]) { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; }
@media (max-width: 900px) { #graph-panel:not([hidden]) { grid-template-columns: minmax(0, 1fr); } }
#graph-canvas { height: 640px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.graph-side { max-height: 640px; overflow-y: auto; }
.graph-side h3 { margin-top: 12px; }
.graph-side ol, .graph-side ul { margin: 0; padding-left: 20px; }
.graph-side li { margin: 2px 0; }
.graph-side button { max-width: 100%; overflow-wrap: anywhere; font: inherit; font-size: 13px; text-align: left; cursor: pointer; color: var(--fg);
  background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 1px 6px; }
.graph-side button[aria-pressed="true"] { border-color: var(--low); box-shadow: 0 0 0 1px var(--low); }
#graph-detail { white-space: pre-line; overflow-wrap: anywhere; font-size: 12px; }
ul.legend { list-style: none; padding-left: 0; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
.swatch.cut { height: 0; border-top: 2px dashed ${CUT_COLOR}; border-radius: 0; vertical-align: middle; }
${Object.entries(KIND_STYLES)
  .map(([kind, style]) => `.swatch.k-${kind} { background: ${style.color}; }`)
  .join('\n')}
`;

export interface GraphSection {
  /** The section's inner markup (heading excluded). */
  body: string;
  /** Inline scripts to place at the end of the body, in order; empty when nothing is drawn. */
  scripts: string[];
  /** CSP source expressions allowing exactly those scripts. */
  scriptHashes: string[];
}

function pathList(report: Report): string {
  const items = report.paths.map(
    (path, i) =>
      `<li><button type="button" data-path="${i}" aria-pressed="false" title="${h(formatSteps(path))}">` +
      `${h(nodeLabel(path.source))} → ${h(nodeLabel(path.target))}</button> <span class="muted">` +
      `${h(path.steps.map((s) => s.technique).join(' › '))}; score ${formatScore(path.score)}</span></li>`,
  );
  return `<p><button type="button" data-path="all" aria-pressed="true">All paths</button></p>\n<ol>\n${items.join('\n')}\n</ol>`;
}

function fixList(data: GraphData): string {
  if (data.fixes.length === 0) return '<p class="muted">The plan has no fixes.</p>';
  const items = data.fixes.map(
    (fix, i) =>
      `<li><button type="button" data-fix="${i}" aria-pressed="false">${h(fix.title)}</button> <span class="muted">` +
      `${fix.object ? `${h(fix.object)}; ` : ''}removes ${plural(fix.edges.length, 'drawn step')}</span></li>`,
  );
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

function legend(data: GraphData): string {
  const kinds = new Set(data.nodes.map((n) => n.kind));
  const items = Object.entries(KIND_STYLES)
    .filter(([kind]) => kinds.has(kind))
    .map(([kind, style]) => `<li><span class="swatch k-${kind}"></span>${h(style.title)}</li>`);
  items.push('<li><span class="swatch cut"></span>✂ a planned fix removes this step</li>');
  items.push('<li>a thick red border marks a target</li>');
  return `<ul class="legend">\n${items.join('\n')}\n</ul>`;
}

/** The section for a report; with no paths (or no graph library) there is nothing to draw and no script. */
export function graphSection(report: Report): GraphSection {
  if (report.paths.length === 0) return { body: '<p>No attack paths to draw.</p>', scripts: [], scriptHashes: [] };
  let library: string;
  try {
    library = cytoscapeSource();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      body: `<p class="note">The graph is not drawn: its library (cytoscape) could not be read (${h(reason)}).</p>`,
      scripts: [],
      scriptHashes: [],
    };
  }
  const data = buildGraphData(report);
  const body =
    `<p class="note" id="graph-nojs">Drawing the graph needs JavaScript, which is bundled in this file (nothing is ` +
    `fetched). The paths and the plan are listed in the sections around this one.</p>\n` +
    `<div id="graph-panel" hidden>\n` +
    `<div id="graph-canvas" role="img" aria-label="Attack graph of ${plural(report.paths.length, 'path')}: ` +
    `${plural(data.nodes.length, 'node')}, ${plural(data.edges.length, 'step')}"></div>\n` +
    `<div class="graph-side">\n<p id="graph-status" class="muted" role="status"></p>\n` +
    `<h3>Paths</h3>\n${pathList(report)}\n<h3>Planned fixes</h3>\n${fixList(data)}\n` +
    `<h3>Selected</h3>\n<p id="graph-detail" class="muted"></p>\n<h3>Legend</h3>\n${legend(data)}\n</div>\n</div>\n` +
    `<script type="application/json" id="graph-data">${embedJson(data)}</script>`;
  const scripts = [library, graphScript()];
  return { body, scripts, scriptHashes: scripts.map(scriptHash) };
}
