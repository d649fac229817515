import { applyPodDefaults } from './defaults.js';
import { DEFAULT_REGISTRY, type PssRegistry } from './registry.js';
import type { EvaluationResult, Level, PodMetadata, PodSpec, Violation } from './types.js';
import { resolveMinor, type PolicyVersion } from './version.js';

export interface EvaluateOptions {
  /** Apply the API server's defaulting first, as admission sees pods (default true); see defaults.ts. */
  applyDefaults?: boolean;
  registry?: PssRegistry;
}

/**
 * Evaluates a pod (or pod template) against a Pod Security Standards level at a policy version, as upstream's
 * checkRegistry.EvaluatePod + AggregateCheckResults do: privileged runs nothing; baseline its checks; restricted the
 * baseline checks not overridden plus the restricted ones; each check at its newest revision for the version.
 */
export function evaluatePod(
  metadata: PodMetadata,
  spec: PodSpec,
  level: Level,
  version: PolicyVersion | number = 'latest',
  options: EvaluateOptions = {},
): EvaluationResult {
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const minor = typeof version === 'number' ? version : resolveMinor(version, registry);
  const podSpec = options.applyDefaults === false ? spec : applyPodDefaults(spec);
  const violations: Violation[] = [];
  for (const check of registry.checksFor(level, minor)) {
    const result = check.checkPod(metadata, podSpec);
    if (result.allowed) continue;
    const reason = result.reason || 'unknown forbidden reason';
    violations.push({
      check: check.id,
      reason,
      detail: result.detail,
      message: violationMessage(reason, result.detail),
    });
  }
  return { allowed: violations.length === 0, violations };
}

/** `reason (detail)`, or the reason alone (upstream AggregateCheckResult.ForbiddenDetail, per check). */
export function violationMessage(reason: string, detail: string): string {
  return detail ? `${reason} (${detail})` : reason;
}

/** All violations as upstream joins them: `reason (detail), reason (detail)`. */
export function forbiddenDetail(violations: readonly Violation[]): string {
  return violations.map((v) => v.message).join(', ');
}

/** All reasons as upstream joins them for namespace-wide warnings: `reason, reason`. */
export function forbiddenReason(violations: readonly Violation[]): string {
  return violations.map((v) => v.reason).join(', ');
}

/** `baseline:v1.28`, `restricted:latest` (upstream LevelVersion.String()). */
export function levelVersionString(level: Level, version: PolicyVersion): string {
  return `${level}:${version}`;
}

/** The message the API server rejects a pod with (enforce), or warns / annotates with (warn, audit). */
export function admissionMessage(
  mode: 'enforce' | 'warn' | 'audit',
  level: Level,
  version: PolicyVersion,
  violations: readonly Violation[],
): string {
  const prefix = mode === 'enforce' ? 'violates' : 'would violate';
  return `${prefix} PodSecurity "${levelVersionString(level, version)}": ${forbiddenDetail(violations)}`;
}
