/** The Pod Security Standards (baseline, restricted) exactly as k8s.io/pod-security-admission evaluates them. */
export { evaluatePod, admissionMessage, forbiddenDetail, forbiddenReason, levelVersionString } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { applyPodDefaults } from './defaults.js';
export { pssFindings, PSS_DOCS } from './findings.js';
export { DEFAULT_POLICY, MODES, labelErrorMessage, policyToEvaluate } from './namespace.js';
export type { LabelError, LevelVersion, Mode, NamespacePolicy } from './namespace.js';
export { DEFAULT_REGISTRY, PSS_CHECKS, PssRegistry } from './registry.js';
export type { CheckTable, RegisteredCheck } from './registry.js';
export type * from './types.js';
export { LEVELS } from './types.js';
export { isLevel, isPolicyVersion, policyVersions, resolveMinor, resolvedVersion } from './version.js';
export type { PolicyVersion } from './version.js';
export { evaluateInventory, sourceOf } from './workloads.js';
export type { EvaluateInventoryOptions, PssVerdict, WorkloadPss } from './workloads.js';
