import { loadInventory } from '../../src/inventory/load.js';
import { buildAttackGraph, type GraphSettings } from '../../src/graph/index.js';
import type { AttackGraph } from '../../src/graph/model.js';
import { expandHops } from '../../src/graph/steps.js';
import { tempTree } from '../helpers.js';

/** Builds the graph of a few YAML documents, lateral movement as workload pairs (class hops expanded). */
export async function graphOf(yaml: string, settings: Partial<GraphSettings> = {}): Promise<AttackGraph> {
  const root = tempTree({ 'input.yaml': yaml });
  const inventory = await loadInventory([root]);
  return expandHops(buildAttackGraph(inventory, { defaultRbac: true, ...settings }));
}

export function hasEdge(graph: AttackGraph, from: string, technique: string, to: string): boolean {
  return graph.out(from).some((e) => e.technique === technique && e.to === to);
}

export function techniqueEdges(graph: AttackGraph, technique: string): string[] {
  return graph.edges.filter((e) => e.technique === technique).map((e) => `${e.from} -> ${e.to}`);
}

/** A Deployment in namespace `ns` with the given pod spec fragment (YAML, indented for `spec:`). */
export function deployment(name: string, podSpec: string, ns = 'app', extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name}${extra} }
    spec:
${podSpec
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
---
`;
}
