/** The JSON report: the contract other tools and tests read (DESIGN.md §5, schemas/report.schema.json). */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export interface ReportObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ReportInput {
  source: string;
  objects: number;
  files: number;
  kinds: Record<string, number>;
}

export interface ReportError {
  /** `file:line`, or the file alone when no line is known. */
  source: string;
  object?: string;
  message: string;
}

/** Why a finding is suppressed: an exception in the config file or a `chokepoint.io/ignore` annotation. */
export interface Suppression {
  by: 'config' | 'annotation';
  justification: string;
  /** ISO date after which the exception no longer applies. */
  expires?: string;
}

export interface Finding {
  checkId: string;
  /** The check's title, e.g. "Privileged container". */
  title?: string;
  severity: Severity;
  object: ReportObjectRef;
  container?: string;
  location?: string;
  message: string;
  remediation: string;
  references: Record<string, string | string[]>;
  /** Present when an exception covers this finding: it stays in JSON, out of the counts and gates. */
  suppressed?: Suppression;
}

export interface PathStep {
  from: string;
  technique: string;
  to: string;
  because: string;
}

export interface AttackPath {
  id: string;
  source: string;
  target: string;
  score: number;
  steps: PathStep[];
}

/** A step a fix removes: the step of a path with the same from, technique and to. */
export interface FixStep {
  from: string;
  technique: string;
  to: string;
}

export interface Fix {
  id: string;
  /** What the change is, for people. */
  title?: string;
  /** `patch`: a strategic-merge patch of `object`; `delete`: delete `object`; `create`: `patch` is a new object. */
  action?: 'patch' | 'delete' | 'create';
  object: ReportObjectRef | Record<string, never>;
  patch: Record<string, unknown>;
  cost: number;
  cuts: number;
  techniques: string[];
  /** The steps of the reported paths the fix removes (absent in reports written before it was added). */
  steps?: FixStep[];
}

/** A path the plan does not cut, with what blocks the cut (a `keep:` rule, or that no fix removes a step). */
export interface KeptPath {
  path: AttackPath;
  blockedBy: string[];
}

export interface Plan {
  /** How the fixes were chosen: `min-cut` (max-flow), `exact hitting set` or `greedy hitting set`. */
  method?: 'min-cut' | 'exact hitting set' | 'greedy hitting set';
  fixes: Fix[];
  pathsBefore: number;
  pathsAfter: number;
  kept: KeptPath[];
}

export interface InventorySummary {
  objects: number;
  implied: number;
  workloads: number;
  pods: number;
  namespaces: number;
  nodes: number;
  kinds: Record<string, number>;
  unknownKinds: Record<string, number>;
}

export interface Report {
  schemaVersion: 'chokepoint/v1';
  tool: { name: 'chokepoint'; version: string };
  inputs: ReportInput[];
  inventory: InventorySummary;
  errors: ReportError[];
  findings: Finding[];
  /** The attack graph's size; `skipped` says why it was not built. */
  graph: { nodes: number; edges: number; skipped?: string };
  paths: AttackPath[];
  plan: Plan;
}
