/** The RBAC analyzer's public API (see README.md in this folder). */
export { analyzeRbac, type RbacAnalysis } from './analysis.js';
export { authorize, rulesFor, visitRulesFor, type Decision, type RuleSource } from './authorizer.js';
export {
  CAPABILITIES,
  CAPABILITY_BY_ID,
  DERIVED_CHECKS,
  type CapabilityDef,
  type CapabilityId,
} from './capabilities.js';
export {
  buildEscalationGraph,
  chainFrom,
  chainLength,
  CLUSTER_ADMIN,
  describeNode,
  formatChain,
  scopeText,
  type CapabilityGrant,
  type CapabilityScope,
  type EscalationEdge,
  type EscalationGraph,
  type Evidence,
  type Names,
} from './escalation.js';
export { clusterFacts, cloudIdentityOf, type ClusterFacts, type CloudIdentityRef, type PodIdentity } from './facts.js';
export { findingsOf, rbacFindings, type RbacFindingOptions } from './findings.js';
export {
  buildPolicy,
  defaultPolicyObjects,
  type RbacBinding,
  type RbacOptions,
  type RbacPolicy,
  type RbacProblem,
  type RbacRole,
} from './policy.js';
export { covers, ruleAllows, formatRule, ruleToJson } from './rules.js';
export { buildIndex, RbacIndex, type Grant, type SubjectRecord, type WhoCanEntry } from './subject-index.js';
export { impersonatedUser, serviceAccountUser, parseSubjectSpec, userForSpec } from './subjects.js';
export type { PolicyRule, Request, ResourceRequest, NonResourceRequest, Subject, UserInfo } from './types.js';
