import type { Inventory, KubeObject } from '../inventory/types.js';
import { SEVERITIES, type Finding, type ReportObjectRef, type Severity } from '../report/model.js';
import { analyzeRbac, type RbacAnalysis } from './analysis.js';
import { CAPABILITY_BY_ID, DERIVED_CHECKS } from './capabilities.js';
import {
  chainFrom,
  chainLength,
  CLUSTER_ADMIN,
  formatChain,
  scopeText,
  type CapabilityGrant,
  type EscalationEdge,
  type Evidence,
} from './escalation.js';
import { describeGrant, sourceText, type RbacBinding, type RbacOptions } from './policy.js';
import { formatRule } from './rules.js';
import { MASTERS, subjectNodeId } from './subjects.js';

export interface RbacFindingOptions extends RbacOptions {
  /**
   * Also report grants that only the default policy makes (the controllers' service accounts, system:masters, ...).
   * Off by default: every cluster has them and they are not the input's to fix.
   */
  includeDefaultBindings?: boolean;
}

function objectRef(o: KubeObject): ReportObjectRef {
  const ref: ReportObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.name };
  if (o.namespace) ref.namespace = o.namespace;
  return ref;
}

/** `ServiceAccount:ns/name` → `ServiceAccount ns/name`. */
export function describeId(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : `${id.slice(0, colon)} ${id.slice(colon + 1)}`;
}

/** Whether a binding names the holder itself (not only one of its groups). */
function namesHolder(binding: RbacBinding, holder: string): boolean {
  const ns = binding.namespace ?? '';
  return binding.subjects.some((s) => subjectNodeId(s, ns) === holder);
}

/** The evidence that comes from bindings naming the holder directly; reports of group grants go to the group. */
function directEvidence(evidence: readonly Evidence[], holder: string, includeDefaults: boolean): Evidence[] {
  return evidence.filter(
    (e) => e.binding !== undefined && namesHolder(e.binding, holder) && (includeDefaults || !e.binding.isDefault),
  );
}

function lower(severity: Severity): Severity {
  const i = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.indexOf('low'))]!;
}

function grantFinding(grant: CapabilityGrant, ev: Evidence): Finding {
  const def = CAPABILITY_BY_ID.get(grant.capability)!;
  const binding = ev.binding!;
  let severity = grant.scope.kind === 'namespace' ? def.severity.namespace : def.severity.cluster;
  if (grant.names !== 'all') severity = lower(severity);
  return {
    checkId: def.checkId,
    title: def.title,
    severity,
    object: objectRef(binding.object),
    location: sourceText(binding.object.source),
    message:
      `${describeId(grant.holder)} can ${grant.detail} ${scopeText(grant.scope)}: ${def.enables}. ` +
      `Granted by ${describeGrant(binding)}, rule: ${formatRule(ev.rule)}`,
    remediation: def.remediation,
    references: def.references,
  };
}

function isIdentity(id: string): boolean {
  return id.startsWith('ServiceAccount:') || id.startsWith('User:') || id.startsWith('Group:');
}

/**
 * The RBAC analyzer's findings: one per risky grant (subject, capability, scope; located at the binding that makes
 * it), one per subject that reaches full control of the cluster through a chain of grants (with the chain), and one
 * per binding to a missing role or invalid RBAC object.
 */
export function rbacFindings(
  inventory: Pick<Inventory, 'objects' | 'workloads'>,
  options: RbacFindingOptions = {},
): Finding[] {
  return findingsOf(analyzeRbac(inventory, options), options);
}

export function findingsOf(analysis: RbacAnalysis, options: RbacFindingOptions = {}): Finding[] {
  const includeDefaults = options.includeDefaultBindings ?? false;
  const graph = analysis.escalation();
  const out: Finding[] = [];

  // A wildcard grant says everything there is to say about the scope it covers.
  const wildcard = new Set<string>();
  for (const g of graph.grants) {
    if (g.capability !== 'WILDCARD') continue;
    wildcard.add(`${g.holder}|${g.scope.kind === 'namespace' ? g.scope.namespace : '*'}`);
  }
  const covered = (g: CapabilityGrant): boolean =>
    g.capability !== 'WILDCARD' &&
    (wildcard.has(`${g.holder}|*`) ||
      (g.scope.kind === 'namespace' && wildcard.has(`${g.holder}|${g.scope.namespace}`)));

  for (const grant of graph.grants) {
    if (covered(grant)) continue;
    const direct = directEvidence(grant.evidence, grant.holder, includeDefaults);
    if (direct.length === 0) continue;
    out.push(grantFinding(grant, direct[0]!));
  }

  const def = DERIVED_CHECKS.clusterAdminEquivalent;
  for (const [id, distance] of graph.distance) {
    if (!isIdentity(id) || id === `Group:${MASTERS}`) continue;
    // The first step must rest on a binding naming this identity; otherwise its group (or nobody) is reported.
    let best: { edge: EscalationEdge; ev: Evidence; d: number } | undefined;
    for (const edge of graph.edges.get(id) ?? []) {
      const d = edge.to === CLUSTER_ADMIN ? 0 : graph.distance.get(edge.to);
      if (d === undefined || (best && (best.d < d || (best.d === d && edge.kind !== 'WILDCARD')))) continue;
      const ev = directEvidence(edge.evidence, id, includeDefaults)[0];
      if (ev) best = { edge, ev, d };
    }
    if (!best || distance === undefined) continue;
    const chain = chainFrom(graph, id, best.edge);
    if (!chain) continue;
    if (chain.length === 1 && chain[0]!.kind === 'WILDCARD') continue; // RBAC-WILDCARD says it already.
    const binding = best.ev.binding!;
    out.push({
      checkId: def.checkId,
      title: def.title,
      severity: 'critical',
      object: objectRef(binding.object),
      location: sourceText(binding.object.source),
      message: `${describeId(id)} is cluster-admin equivalent in ${chainLength(chain)} step${chainLength(chain) === 1 ? '' : 's'}: ${formatChain(chain)}`,
      remediation: def.remediation,
      references: { k8s: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/' },
    });
  }

  for (const p of analysis.policy.problems) {
    const o = findObject(analysis, p.object);
    if (o && o.implied && !includeDefaults) continue;
    const d = p.type === 'missing-role' ? DERIVED_CHECKS.missingRole : DERIVED_CHECKS.invalid;
    const finding: Finding = {
      checkId: d.checkId,
      title: d.title,
      severity: 'low',
      object: o
        ? objectRef(o)
        : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: p.object.split('/')[0]!, name: p.object },
      location: sourceText(p.source),
      message: `${p.object}: ${p.message}`,
      remediation: d.remediation,
      references: {},
    };
    out.push(finding);
  }
  return out;
}

function findObject(analysis: RbacAnalysis, what: string): KubeObject | undefined {
  const policy = analysis.policy;
  for (const b of [...policy.clusterRoleBindings, ...policy.roleBindings]) {
    if (`${b.kind}/${b.namespace ? `${b.namespace}/` : ''}${b.name}` === what) return b.object;
  }
  for (const r of policy.clusterRoles.values()) if (`ClusterRole/${r.name}` === what) return r.object;
  return undefined;
}
