import type { Inventory } from '../inventory/types.js';
import { buildEscalationGraph, type EscalationGraph } from './escalation.js';
import { clusterFacts, type ClusterFacts } from './facts.js';
import { buildPolicy, type RbacOptions, type RbacPolicy } from './policy.js';
import { RbacIndex } from './subject-index.js';

/** Everything the RBAC analyzer computes from one inventory; the escalation graph is built on first use. */
export interface RbacAnalysis {
  policy: RbacPolicy;
  index: RbacIndex;
  facts: ClusterFacts;
  /** The escalation graph (capabilities, chains to full control); computed once, when first asked for. */
  escalation(): EscalationGraph;
}

/** Builds the policy (defaults added unless turned off, aggregation computed) and the subject index. */
export function analyzeRbac(
  inventory: Pick<Inventory, 'objects' | 'workloads'>,
  options: RbacOptions = {},
): RbacAnalysis {
  const policy = buildPolicy(inventory.objects, options);
  const facts = clusterFacts(inventory);
  const serviceAccounts: { namespace: string; name: string }[] = [];
  for (const [namespace, names] of facts.serviceAccounts)
    for (const name of names) serviceAccounts.push({ namespace, name });
  const index = new RbacIndex(policy, { serviceAccounts });
  // The service accounts bindings name exist too (a binding to an account nobody created is rare and harmless).
  facts.serviceAccounts = index.serviceAccounts;
  let graph: EscalationGraph | undefined;
  return {
    policy,
    index,
    facts,
    escalation: () => (graph ??= buildEscalationGraph(index, facts)),
  };
}
