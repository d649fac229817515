import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadInventory } from '../../src/inventory/load.js';
import { buildAttackGraph } from '../../src/graph/index.js';
import { expandHops } from '../../src/graph/steps.js';
import { corpusManifests } from '../helpers.js';

test('the real corpus builds without throwing', { skip: !existsSync(corpusManifests) }, async () => {
  const inventory = await loadInventory([corpusManifests]);
  const graph = buildAttackGraph(inventory, { defaultRbac: true });
  assert.ok(graph.nodes.size > 0);
  for (const e of graph.edges) {
    assert.ok(graph.nodes.has(e.from) && graph.nodes.has(e.to));
    assert.ok(e.difficulty >= 0 && e.difficulty <= 1);
  }
  // Every step a reader sees says why (hub edges are routing only; folded, they carry their run's facts).
  for (const e of expandHops(graph).edges) assert.ok(e.because.length > 0 && !e.because.includes('{'), e.because);
});
