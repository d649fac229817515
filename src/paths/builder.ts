/** The technique registry's graph builder as the paths room uses it. */

import { buildAttackGraph, type GraphSettings } from '../graph/index.js';
import type { GraphBuilder } from './analysis.js';

export function loadGraphBuilder(settings: Partial<GraphSettings> = {}): Promise<GraphBuilder | undefined> {
  const full: GraphSettings = { defaultRbac: true, ...settings };
  return Promise.resolve((inventory) => buildAttackGraph(inventory, full));
}
