/**
 * The page script that draws the attack graph with cytoscape: it reads the graph-data JSON block, lays the graph out
 * from the paths' sources, and wires the path and fix lists (rendered, escaped, by graph-html.ts) to highlight what
 * they name. It writes user-derived text only through textContent. It is plain ES2017 in a string: it runs in the
 * browser, not in Node, and its exact text is hashed into the page's Content-Security-Policy.
 */

/** Shape and colour of each node kind; the legend's swatches use the same colours. */
export const KIND_STYLES: Record<string, { shape: string; color: string; title: string }> = {
  Internet: { shape: 'diamond', color: '#d1242f', title: 'the Internet' },
  Endpoint: { shape: 'round-rectangle', color: '#bc4c00', title: 'exposed endpoint' },
  Workload: { shape: 'rectangle', color: '#0969da', title: 'workload' },
  Container: { shape: 'rectangle', color: '#54aeff', title: 'container' },
  ServiceAccount: { shape: 'ellipse', color: '#1a7f37', title: 'service account' },
  User: { shape: 'ellipse', color: '#4d8c57', title: 'user' },
  Group: { shape: 'ellipse', color: '#4d8c57', title: 'group' },
  Node: { shape: 'hexagon', color: '#6e7781', title: 'node (host)' },
  ClusterAdmin: { shape: 'star', color: '#8250df', title: 'cluster admin' },
  CloudIdentity: { shape: 'octagon', color: '#bf8700', title: 'cloud identity' },
  Secret: { shape: 'tag', color: '#9a6700', title: 'secret' },
  Other: { shape: 'ellipse', color: '#6e7781', title: 'other' },
};

/** Colour of the steps a planned fix removes (dashed) and of the selected path. */
export const CUT_COLOR = '#cf222e';
export const SELECTED_COLOR = '#0969da';

const SCRIPT = `(function () {
  'use strict';
  var KINDS = __KINDS__;
  var CUT = __CUT__;
  var SELECTED = __SELECTED__;
  var section = document.getElementById('attack-graph');
  var panel = document.getElementById('graph-panel');
  var source = document.getElementById('graph-data');
  if (!section || !panel || !source || typeof window.cytoscape !== 'function') return;
  var data = JSON.parse(source.textContent);
  var note = document.getElementById('graph-nojs');
  if (note) note.hidden = true;
  panel.hidden = false;
  var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  var fg = dark ? '#e6edf3' : '#1f2328';
  var bg = dark ? '#0d1117' : '#ffffff';
  var muted = dark ? '#9198a1' : '#59636e';

  var elements = [];
  data.nodes.forEach(function (n) {
    var classes = (n.source ? 'source ' : '') + (n.target ? 'target' : '');
    elements.push({ group: 'nodes', data: { id: n.id, label: n.label, kind: KINDS[n.kind] ? n.kind : 'Other' }, classes: classes });
  });
  data.edges.forEach(function (e) {
    var cut = e.fixes.length > 0;
    elements.push({
      group: 'edges',
      data: { id: e.id, source: e.from, target: e.to, label: (cut ? '\\u2702 ' : '') + e.technique },
      classes: cut ? 'cut' : ''
    });
  });

  var style = [
    { selector: 'node', style: {
      label: 'data(label)', 'font-size': 10, color: fg, 'text-valign': 'bottom', 'text-margin-y': 4,
      'text-wrap': 'ellipsis', 'text-max-width': 160, width: 24, height: 24, 'border-width': 1, 'border-color': fg } },
    { selector: 'node.target', style: { 'border-width': 4, 'border-color': CUT } },
    { selector: 'edge', style: {
      'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5, 'line-color': muted,
      'target-arrow-color': muted, label: 'data(label)', 'font-size': 8, color: fg, 'text-rotation': 'autorotate',
      'text-background-color': bg, 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
    { selector: 'edge.arc', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 50, 'control-point-weights': 0.5 } },
    { selector: 'edge.cut', style: { 'line-style': 'dashed', 'line-color': CUT, 'target-arrow-color': CUT, width: 2.5 } },
    { selector: 'edge.selected', style: { width: 4, 'line-color': SELECTED, 'target-arrow-color': SELECTED, 'z-index': 10 } },
    { selector: 'edge.selected.cut', style: { 'line-color': CUT, 'target-arrow-color': CUT } },
    { selector: 'node.selected', style: { 'border-width': 4, 'border-color': SELECTED } },
    { selector: '.faded', style: { opacity: 0.15 } }
  ];
  Object.keys(KINDS).forEach(function (kind) {
    style.splice(1, 0, { selector: 'node[kind = "' + kind + '"]',
      style: { shape: KINDS[kind].shape, 'background-color': KINDS[kind].color } });
  });

  var cy = window.cytoscape({
    container: document.getElementById('graph-canvas'),
    elements: elements,
    style: style,
    layout: { name: 'null' },
    boxSelectionEnabled: false
  });
  var roots = cy.collection();
  data.nodes.forEach(function (n) { if (n.source) roots = roots.union(cy.getElementById(n.id)); });

  var status = document.getElementById('graph-status');
  var detail = document.getElementById('graph-detail');
  var buttons = panel.querySelectorAll('button[data-path], button[data-fix]');

  function press(button) {
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i] === button));
  }
  function edgesOf(ids) {
    var out = cy.collection();
    ids.forEach(function (id) { out = out.union(cy.getElementById(id)); });
    return out;
  }
  function focus(edges) {
    cy.elements().removeClass('faded selected');
    // The selection, readable from the page (for tests and for anyone inspecting it).
    section.setAttribute('data-selected', edges ? edges.map(function (e) { return e.id(); }).join(' ') : '');
    if (!edges) { cy.fit(undefined, 24); return; }
    var shown = edges.union(edges.connectedNodes());
    cy.elements().not(shown).addClass('faded');
    shown.addClass('selected');
    cy.fit(shown, 40);
  }
  function describe(e) {
    var text = e.from + ' \\u2192 ' + e.technique + ' \\u2192 ' + e.to + (e.because ? ': ' + e.because : '');
    if (e.fixes.length > 0) {
      text += ' \\u2014 removed by ' + e.fixes.map(function (i) { return data.fixes[i].title; }).join('; ');
    }
    return text;
  }
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener('click', function (event) {
      var button = event.currentTarget;
      press(button);
      var path = button.getAttribute('data-path');
      var fix = button.getAttribute('data-fix');
      if (path === 'all') { focus(null); detail.textContent = ''; return; }
      var ids = path !== null ? data.paths[Number(path)].edges : data.fixes[Number(fix)].edges;
      focus(edgesOf(ids));
      detail.textContent = ids.map(function (id) {
        return describe(data.edges[Number(id.slice(1))]);
      }).join('\\n');
    });
  }
  cy.on('tap', 'edge', function (event) { detail.textContent = describe(data.edges[Number(event.target.id().slice(1))]); });
  cy.on('tap', 'node', function (event) { detail.textContent = event.target.id(); });

  var layout = cy.layout({ name: 'breadthfirst', directed: true, roots: roots, spacingFactor: 1.15, animate: false, padding: 24 });
  layout.one('layoutstop', function () {
    // Breadth-first puts nodes of one depth on one line: a step between two of them would run straight through
    // the nodes between. Such steps are drawn as arcs.
    cy.edges().filter(function (e) {
      return Math.abs(e.source().position('y') - e.target().position('y')) < 1 && !e.isLoop();
    }).addClass('arc');
    section.setAttribute('data-graph', 'drawn');
    status.textContent = 'Drawn: ' + cy.nodes().length + ' nodes, ' + cy.edges().length + ' steps. ' +
      'Select a path or a fix to highlight it; select a step for its facts.';
  });
  layout.run();
})();
`;

/** The script's exact text (the page hashes it into its CSP). */
export function graphScript(): string {
  return SCRIPT.replace('__KINDS__', JSON.stringify(KIND_STYLES))
    .replace('__CUT__', JSON.stringify(CUT_COLOR))
    .replace('__SELECTED__', JSON.stringify(SELECTED_COLOR));
}
