import type { Inventory } from '../inventory/types.js';
import type { AttackPath, Finding, InventorySummary, Plan, Report, ReportError } from './model.js';
import { severityRank } from './model.js';

export interface ReportParts {
  version: string;
  findings: Finding[];
  /** The attack graph's size, paths and plan, when the scan built them. */
  graph?: { nodes: number; edges: number; skipped?: string };
  paths?: AttackPath[];
  plan?: Plan;
}

function summarizeInventory(inventory: Inventory): InventorySummary {
  const kinds: Record<string, number> = {};
  let implied = 0;
  for (const object of inventory.objects) {
    if (object.implied) implied++;
    else kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
  }
  return {
    objects: inventory.objects.length - implied,
    implied,
    workloads: inventory.workloads.length,
    pods: inventory.workloads.reduce((sum, w) => sum + w.pods.length, 0),
    namespaces: inventory.namespaces.size,
    nodes: inventory.nodes.length,
    kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1))),
    unknownKinds: inventory.unknownKinds,
  };
}

/** Assembles the report (DESIGN.md §5) from the inventory and what the analyzers found. */
export function buildReport(inventory: Inventory, parts: ReportParts): Report {
  const errors: ReportError[] = inventory.errors.map((error) => ({
    source: error.line === undefined ? error.file : `${error.file}:${error.line}`,
    ...(error.object ? { object: error.object } : {}),
    message: error.message,
  }));
  const findings = [...parts.findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId),
  );
  return {
    schemaVersion: 'chokepoint/v1',
    tool: { name: 'chokepoint', version: parts.version },
    inputs: inventory.inputs.map((input) => ({ ...input })),
    inventory: summarizeInventory(inventory),
    errors,
    findings,
    graph: parts.graph ?? { nodes: 0, edges: 0 },
    paths: parts.paths ?? [],
    plan: parts.plan ?? { fixes: [], pathsBefore: 0, pathsAfter: 0, kept: [] },
  };
}
