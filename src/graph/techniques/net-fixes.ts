/**
 * NetworkPolicy fixes that really cut a connection. NetworkPolicies are additive: a pod's allowed traffic is the union
 * of what every policy selecting it allows, so a new deny policy cannot take back what an existing policy allows. The
 * fix for a connection is therefore, per direction: remove the rules of the existing NetworkPolicies that allow it (the
 * network explain function names them), and add a deny policy only where no NetworkPolicy isolates the pod yet. A
 * connection that an AdminNetworkPolicy allows, or that host networking lets through, gets no fix in that direction.
 *
 * A policy is patched by replacing its rule list (NetworkPolicy rules have no merge key), so every connection that
 * needs rules of the same policy removed gets the same fix: the union of those rules over all the connections the
 * graph has (lateral movement and exposure). Two fixes of one policy would otherwise undo each other.
 */

import { isJsonObject, type JsonObject } from '../../inventory/json.js';
import type { KubeObject } from '../../inventory/types.js';
import type { Explanation, PeerRef } from '../../network/index.js';
import type { TraceStep } from '../../network/engine.js';
import { decideClassDirection, type DirectionExplanation } from '../../network/explain.js';
import { parseIp } from '../../network/ip.js';
import type { ConnSet } from '../../network/ports.js';
import type { Reachability } from '../../network/reachability.js';
import type { TechniqueContext, WorkloadInfo } from '../context.js';
import { allOf, COST, fixIsolate, objectRef } from '../fixes.js';
import type { FixOption } from '../model.js';

export type Direction = 'Egress' | 'Ingress';

/** What cutting one direction of one connection takes. */
export interface Requirement {
  /** No fix in this direction can cut it (admin policy allow, host network, node traffic). */
  impossible: boolean;
  /** The pod is not isolated by any NetworkPolicy in this direction: a deny policy is needed. */
  isolate: boolean;
  /** `ns/name` of each NetworkPolicy → the rule indices (of this direction) that allow the connection. */
  rules: Map<string, Set<number>>;
}

export interface Requirements {
  egress: Requirement;
  ingress: Requirement;
}

/** One connection of the graph: its explanations, and the workloads at both ends (either may be outside). */
export interface Connection {
  explanations: Explanation[];
  src?: WorkloadInfo;
  dst?: WorkloadInfo;
}

const emptyRequirement = (): Requirement => ({ impossible: false, isolate: false, rules: new Map() });

/**
 * The requirements that name no rule, one each, by [impossible][isolate]: most directions need one of these, and a
 * requirement is only read once made, so they are shared rather than made per question.
 */
const PLAIN = [false, true].map((impossible) =>
  [false, true].map((isolate): Requirement => ({ impossible, isolate, rules: new Map() })),
);
const plain = (impossible: boolean, isolate: boolean): Requirement => PLAIN[impossible ? 1 : 0]![isolate ? 1 : 0]!;

/** Adds what cutting one step of a decision takes (`rule`: the rule that made it, none for a tier's outcome). */
function addStep(
  req: Requirement,
  tier: TraceStep['tier'],
  effect: TraceStep['effect'],
  rule: { policy: { kind: string; namespace?: string; name: string }; index: number } | undefined,
): void {
  if (effect !== 'allow' && effect !== 'not-isolated') return;
  if (effect === 'not-isolated' || tier === 'baseline' || tier === 'default') req.isolate = true;
  else if (tier === 'admin') req.impossible = true;
  else if (rule && rule.policy.kind === 'NetworkPolicy') {
    const id = `${rule.policy.namespace ?? ''}/${rule.policy.name}`;
    (req.rules.get(id) ?? req.rules.set(id, new Set()).get(id)!).add(rule.index);
  } else req.impossible = true;
}

/** Adds to `req` what cutting one direction of one explained case takes (`d` absent or `special`: nothing can). */
function addDirection(req: Requirement, d: DirectionExplanation | undefined, special: boolean): void {
  if (special || !d) {
    req.impossible = true;
    return;
  }
  if (d.note) {
    if (d.note.startsWith('no policy selects')) req.isolate = true;
    else req.impossible = true;
    return;
  }
  for (const s of d.steps)
    addStep(req, s.tier, s.effect, s.rule && s.policy && { policy: s.policy, index: s.rule.index });
}

/** What cutting one rendered direction takes (`explainClassDirection`; classDirectionRequirement reads the decision). */
export function directionRequirement(d: DirectionExplanation): Requirement {
  const req = emptyRequirement();
  if (!d.allowed.isEmpty()) addDirection(req, d, false);
  return req;
}

/**
 * What cutting one direction of a connection `query` between two classes takes: what `explainClassDirection` would
 * say, read from the decision itself (decideClassDirection) without rendering it, since the graph asks for every
 * group pair (658k times at 100k pods).
 */
export function classDirectionRequirement(
  reach: Reachability,
  dir: 'egress' | 'ingress',
  subject: number,
  peer: number,
  query: ConnSet,
): Requirement {
  if (query.isEmpty()) return plain(false, false);
  const outcome = decideClassDirection(reach, dir, subject, peer);
  // No policy selects the pod: a deny policy cuts. A host-network pod: no policy can.
  if (outcome.note !== undefined) return outcome.note === 'not-selected' ? plain(false, true) : plain(true, false);
  if (!outcome.allowed.overlaps(query)) return plain(false, false);
  const req = emptyRequirement();
  for (const t of outcome.trace) if (t.conns.overlaps(query)) addStep(req, t.tier, t.effect, t.rule);
  return req.rules.size === 0 ? plain(req.impossible, req.isolate) : req;
}

/** What cutting takes when every one of `parts` must be cut. */
export function allRequired(parts: readonly Requirement[]): Requirement {
  const req = emptyRequirement();
  for (const p of parts) {
    req.impossible ||= p.impossible;
    req.isolate ||= p.isolate;
    for (const [policy, indices] of p.rules) {
      const set = req.rules.get(policy) ?? req.rules.set(policy, new Set()).get(policy)!;
      for (const i of indices) set.add(i);
    }
  }
  return req;
}

function requirement(explanations: readonly Explanation[], direction: Direction): Requirement {
  const req = emptyRequirement();
  const key = direction === 'Egress' ? 'egress' : 'ingress';
  for (const e of explanations) if (!e.allowed.isEmpty()) addDirection(req, e[key], e.special !== undefined);
  return req;
}

/** A representative Internet address of an exposure's `sources` (`Internet` or address ranges). */
export function internetPeer(sources: string): PeerRef {
  const first = sources === 'Internet' ? undefined : sources.split(/[\s,]+/)[0]?.split(/[/-]/)[0];
  const ip = (first !== undefined ? parseIp(first) : undefined) ?? parseIp('8.8.8.8')!;
  return { kind: 'ip', ip };
}

/**
 * Collects the requirements of every connection, then hands out the fixes: call `need` for all connections first
 * (the context memo does so once per graph), then `fixes`.
 */
export class NetworkFixes {
  private readonly unions = new Map<string, Set<number>>(); // `${direction}|ns/name` → rule indices
  private readonly made = new Map<string, FixOption>();
  private readonly policies = new Map<string, KubeObject>();
  /** `${direction}|ns/name` of the policies whose removed rules also let in Internet traffic. */
  private readonly exposing = new Set<string>();

  constructor(private readonly ctx: TechniqueContext) {
    for (const o of ctx.inventory.objects) {
      if (o.kind === 'NetworkPolicy') this.policies.set(`${o.namespace ?? ''}/${o.name}`, o);
    }
  }

  /** Records a connection; returns the requirement of both directions for `fixes`. */
  need(c: Connection, fromInternet = false, more: Requirements[] = []): Requirements {
    const base = { egress: requirement(c.explanations, 'Egress'), ingress: requirement(c.explanations, 'Ingress') };
    return this.record(
      {
        egress: allRequired([base.egress, ...more.map((m) => m.egress)]),
        ingress: allRequired([base.ingress, ...more.map((m) => m.ingress)]),
      },
      fromInternet,
    );
  }

  /** Records a connection's requirements found otherwise (per class pair); returns them for `fixes`. */
  record(out: Requirements, fromInternet = false): Requirements {
    for (const [dir, req] of [
      ['Egress', out.egress],
      ['Ingress', out.ingress],
    ] as const) {
      for (const [policy, indices] of req.rules) {
        const k = `${dir}|${policy}`;
        const set = this.unions.get(k) ?? this.unions.set(k, new Set()).get(k)!;
        for (const i of indices) set.add(i);
        if (fromInternet) this.exposing.add(k);
      }
    }
    return out;
  }

  /** The fixes of one direction of a recorded connection at workload `wi` (empty when it cannot be cut there). */
  fixes(wi: WorkloadInfo | undefined, direction: Direction, req: Requirement): FixOption[] {
    if (!wi || req.impossible) return [];
    const patches = this.rulePatches(direction, req);
    if (!patches) return [];
    const parts = req.isolate ? [fixIsolate(wi, direction), ...patches] : patches;
    return parts.length === 0 ? [] : allOf(parts);
  }

  /**
   * The fix of one direction when it is rules of existing policies only (no deny policy to add): what a network-class
   * edge can carry, since it stands for every workload of the class. Empty otherwise.
   */
  ruleFixes(direction: Direction, req: Requirement): FixOption[] {
    if (req.impossible || req.isolate || req.rules.size === 0) return [];
    const patches = this.rulePatches(direction, req);
    return patches ? allOf(patches) : [];
  }

  /** The patch of each policy whose rules allow the connection; undefined when one of them cannot be patched. */
  private rulePatches(direction: Direction, req: Requirement): FixOption[] | undefined {
    const parts: FixOption[] = [];
    for (const policy of [...req.rules.keys()].sort()) {
      const fix = this.patchPolicy(policy, direction);
      if (!fix) return undefined;
      parts.push(fix);
    }
    return parts;
  }

  private patchPolicy(policy: string, direction: Direction): FixOption | undefined {
    const k = `${direction}|${policy}`;
    const done = this.made.get(k);
    if (done) return done;
    const object = this.policies.get(policy);
    const indices = this.unions.get(k);
    if (!object || !indices) return undefined;
    const field = direction === 'Egress' ? 'egress' : 'ingress';
    const spec = isJsonObject(object.raw['spec'] as JsonObject) ? (object.raw['spec'] as JsonObject) : {};
    const rules = Array.isArray(spec[field]) ? (spec[field] as unknown[]) : [];
    const types = Array.isArray(spec['policyTypes'])
      ? (spec['policyTypes'] as unknown[])
      : ['Ingress', ...(Array.isArray(spec['egress']) ? ['Egress'] : [])];
    const keep = rules.filter((_, i) => !indices.has(i));
    const removed = [...indices].sort((a, b) => a - b);
    const where = `${object.namespace ?? ''}/${object.name}`;
    const fix: FixOption = {
      id: `NetworkPolicy/${where}:${field}[${removed.join(',')}]=removed`,
      title:
        `Remove ${field} rule${removed.length > 1 ? 's' : ''} ${removed.join(', ')} of NetworkPolicy ${where} ` +
        `(they allow the connection; policies add up, so a deny policy cannot take it back): then allow the ` +
        `clients that need it with narrower rules`,
      // Removing rules that admit Internet traffic closes an exposure: priced as such.
      cost: this.exposing.has(k) ? COST.closeExposure : direction === 'Egress' ? COST.denyEgress : COST.denyIngress,
      object: objectRef(object),
      // NetworkPolicy rule lists have no merge key: the patch replaces the list. policyTypes is kept explicit so that
      // emptying the egress list does not stop the policy from isolating egress.
      patch: { spec: { policyTypes: [...types], [field]: keep } } as Record<string, unknown>,
      action: 'patch',
    };
    this.made.set(k, fix);
    return fix;
  }
}
