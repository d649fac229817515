/**
 * The shape of a hardening check (DESIGN.md §3): one file per check exporting its metadata and one `run` function
 * that reports through its context, the way ESLint rules do.
 */

import type { JsonObject, JsonValue } from '../inventory/json.js';
import type { KubeObject, Workload } from '../inventory/types.js';
import type { Severity } from '../report/model.js';
import type { CheckContext } from './context.js';

/** Where the check sits in the catalogue: the hundreds digit of its id. */
export type CheckArea = 'workload' | 'host' | 'images' | 'network' | 'rbac' | 'secrets' | 'cluster' | 'config';

/**
 * What other tools and guides call the same concern. Every key is present; an empty list means "none there".
 * Trivy ids are in the long form of the matrix (`KSV-0017`, legacy alias `KSV017`).
 */
export interface CheckReferences {
  kubescape: string[];
  trivy: string[];
  checkov: string[];
  kubeLinter: string[];
  polaris: string[];
  /** NSA/CISA Kubernetes Hardening Guide v1.2, by section. */
  nsa: string[];
  /** CIS Kubernetes Benchmark (v1.9 numbering), by recommendation. */
  cis: string[];
  /** MITRE ATT&CK for Containers, by technique id. */
  mitre: string[];
}

export interface Check {
  /** `CKP-` and three digits; stable forever once released. */
  id: string;
  title: string;
  severity: Severity;
  area: CheckArea;
  /** Why it matters, in a few sentences. */
  rationale: string;
  /** What to do, in one or two sentences; findings add the concrete patch for their object. */
  remediation: string;
  references: CheckReferences;
  /** False for checks that are noisy on most clusters and off unless the config file enables them. */
  enabledByDefault: boolean;
  run(ctx: CheckContext): void;
}

/** The metadata a check file writes; `enabledByDefault` defaults to true and missing references to none. */
export type CheckDefinition = Omit<Check, 'enabledByDefault' | 'references'> & {
  enabledByDefault?: boolean;
  references: Partial<CheckReferences>;
};

export function defineCheck(definition: CheckDefinition): Check {
  const references: CheckReferences = {
    kubescape: [],
    trivy: [],
    checkov: [],
    kubeLinter: [],
    polaris: [],
    nsa: [],
    cis: [],
    mitre: [],
    ...definition.references,
  };
  return { ...definition, references, enabledByDefault: definition.enabledByDefault ?? true };
}

/** What a check reports: the object (or workload), and where in it, and what is wrong. */
export interface Report {
  target: Workload | KubeObject;
  /** The container the finding is about, if any. */
  container?: string;
  /** The JSON path of the offending field in the object, e.g. `spec.template.spec.containers[0].securityContext`. */
  path?: string;
  message: string;
  /** A strategic-merge patch for `kubectl patch` that fixes this finding, when one can be written. */
  patch?: JsonObject;
  /** A command that fixes it when a patch cannot (e.g. `kubectl delete secret ...`). */
  command?: string;
  /** Advice for this finding, added to the check's remediation. */
  advice?: string;
}

export type { JsonObject, JsonValue };
