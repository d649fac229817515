import type { Inventory, Workload } from '../../inventory/types.js';
import { admissionMessage, evaluatePod } from './evaluate.js';
import { DEFAULT_POLICY, policyToEvaluate, type LabelError, type Mode, type NamespacePolicy } from './namespace.js';
import type { Level, PodMetadata, Violation } from './types.js';
import { resolvedVersion, type PolicyVersion } from './version.js';

/** One verdict: a workload's pods evaluated at one level and version. */
export interface PssVerdict {
  level: Level;
  version: PolicyVersion;
  /** The version whose checks ran (`latest` and future versions are the newest defined one). */
  resolvedVersion: PolicyVersion;
  allowed: boolean;
  violations: Violation[];
  /** What the API server would say: `violates PodSecurity "restricted:latest": ...`; absent when allowed. */
  message?: string;
}

export interface WorkloadPss {
  workload: Workload;
  /** `file:line` of the workload's object. */
  source: string;
  /** The namespace's policy as its labels give it (or the requested level and version for every mode). */
  policy: NamespacePolicy;
  /** Whether the policy comes from the namespace labels or from the caller. */
  policyFrom: 'namespace' | 'requested';
  /** True when the input does not define the namespace, so its labels (if any) are unknown. */
  namespaceImplied: boolean;
  labelErrors: LabelError[];
  enforce: PssVerdict;
  audit: PssVerdict;
  warn: PssVerdict;
}

export interface EvaluateInventoryOptions {
  /** Evaluate every workload at this level instead of its namespace's labels. */
  level?: Level;
  /** Evaluate at this version (with `level`: the requested version; without: overrides the labels' versions). */
  version?: PolicyVersion;
  /** The admission defaults for unlabelled namespaces (upstream default: privileged:latest). */
  defaults?: NamespacePolicy;
}

export function sourceOf(workload: Workload): string {
  return `${workload.source.file}:${workload.source.line}`;
}

export function podMetadataOf(workload: Workload): PodMetadata {
  return { annotations: workload.template.annotations, labels: workload.template.labels };
}

/**
 * For each workload, what Pod Security admission in its namespace would do with its pods: reject them (enforce),
 * warn the user, or annotate the audit log, per the namespace's pod-security.kubernetes.io labels.
 */
export function evaluateInventory(inventory: Inventory, options: EvaluateInventoryOptions = {}): WorkloadPss[] {
  return inventory.workloads.map((workload) => {
    const namespace = inventory.namespaces.get(workload.namespace);
    let policy: NamespacePolicy;
    let labelErrors: LabelError[] = [];
    if (options.level) {
      const requested = { level: options.level, version: options.version ?? 'latest' } as const;
      policy = { enforce: { ...requested }, audit: { ...requested }, warn: { ...requested } };
    } else {
      const parsed = policyToEvaluate(namespace?.labels ?? {}, options.defaults ?? DEFAULT_POLICY);
      policy = parsed.policy;
      labelErrors = parsed.errors;
      if (options.version)
        for (const mode of ['enforce', 'audit', 'warn'] as const) policy[mode].version = options.version;
    }
    const metadata = podMetadataOf(workload);
    const cache = new Map<string, PssVerdict>();
    const verdict = (mode: Mode): PssVerdict => {
      const { level, version } = policy[mode];
      const key = `${level}:${version}`;
      const cached = cache.get(key);
      const base = cached ?? evaluate(level, version);
      cache.set(key, base);
      return base.allowed ? { ...base } : { ...base, message: admissionMessage(mode, level, version, base.violations) };
    };
    const evaluate = (level: Level, version: PolicyVersion): PssVerdict => {
      const result = evaluatePod(metadata, workload.template.spec, level, version);
      return { level, version, resolvedVersion: resolvedVersion(version), ...result };
    };
    return {
      workload,
      source: sourceOf(workload),
      policy,
      policyFrom: options.level ? 'requested' : 'namespace',
      namespaceImplied: !namespace || namespace.implied,
      labelErrors,
      enforce: verdict('enforce'),
      audit: verdict('audit'),
      warn: verdict('warn'),
    };
  });
}
