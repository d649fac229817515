/**
 * Why a connection is allowed or denied: for each direction (egress at the source, ingress at the destination), the
 * policies that select the pod, and every rule or tier outcome that decided part of the traffic. The explanation is
 * produced by the same decision function the map uses (with a trace), so the two cannot disagree.
 */
import type { Profile, TraceStep, Traced } from './engine.js';
import { mayShareNode } from './engine.js';
import { formatIp, parseIp } from './ip.js';
import { podName } from './map.js';
import type { PolicyInfo } from './policies.js';
import { ConnSet } from './ports.js';
import type { Reachability } from './reachability.js';

export type PeerRef =
  { kind: 'workload'; index: number } | { kind: 'pod'; endpoint: number } | { kind: 'ip'; ip: bigint };

/** Resolves `ns/name`, `ns/Kind/name`, `Workload:...`, `ns/pod` (a pod name) or an IP address. */
export function resolvePeer(reach: Reachability, text: string): PeerRef | undefined {
  const ip = parseIp(text);
  if (ip !== undefined) return { kind: 'ip', ip };
  const w = reach.findWorkload(text);
  if (w !== undefined) return { kind: 'workload', index: w };
  const [ns, name] = text.split('/');
  const ep = reach.engine.endpoints.endpoints.find((e) => e.namespace === ns && e.pod === name);
  return ep ? { kind: 'pod', endpoint: ep.index } : undefined;
}

export interface PolicyRef {
  kind: string;
  namespace?: string;
  name: string;
  tier: string;
  priority?: number;
}

export interface ExplainStep {
  tier: TraceStep['tier'];
  policy?: PolicyRef;
  rule?: { index: number; name?: string; action: string; note?: string };
  effect: TraceStep['effect'];
  conns: ConnSet;
}

export interface DirectionExplanation {
  direction: 'egress' | 'ingress';
  /** The pod (or address) the direction is judged at. */
  at: string;
  /** Why no policy is consulted, when none is. */
  note?: string;
  /** Policies that select the pod in this direction, in evaluation order. */
  policies: PolicyRef[];
  steps: ExplainStep[];
  allowed: ConnSet;
}

export interface Explanation {
  src: string;
  dst: string;
  /** A rule that decides before any policy (same pod, a pod and its own node). */
  special?: string;
  egress?: DirectionExplanation;
  ingress?: DirectionExplanation;
  allowed: ConnSet;
  /** The connections asked about (all when no port was given). */
  query: ConnSet;
}

function policyRef(info: PolicyInfo): PolicyRef {
  const ref: PolicyRef = { kind: info.kind, name: info.name, tier: info.tier };
  if (info.namespace !== undefined) ref.namespace = info.namespace;
  if (info.tier !== 'networkpolicy' && info.kind !== 'BaselineAdminNetworkPolicy') ref.priority = info.priority;
  return ref;
}

type End = { endpoint: number } | { ip: bigint };

/** Explains every distinct case between two peers (a workload with pods of several kinds gives several). */
export function explain(reach: Reachability, src: PeerRef, dst: PeerRef, query: ConnSet = ConnSet.ALL): Explanation[] {
  const engine = reach.engine;
  const ends = (ref: PeerRef): End[] => {
    if (ref.kind === 'ip') return [{ ip: ref.ip }];
    if (ref.kind === 'pod') return [{ endpoint: ref.endpoint }];
    return engine.endpoints.byWorkload[ref.index]!.map((endpoint) => ({ endpoint }));
  };
  const out: Explanation[] = [];
  const seen = new Set<string>();
  const cases = new Set<string>();
  const eps = engine.endpoints.endpoints;
  // Pods of one class explain alike: one explanation per (class, class, shares-a-node-with-a-host-network-pod).
  const caseOf = (e: End, other: End) => {
    if ('ip' in e) return `ip${engine.atomClass[engine.atoms.atomOf(e.ip)]}`;
    const ep = eps[e.endpoint]!;
    const host = 'endpoint' in other && (ep.hostNetwork || eps[other.endpoint]!.hostNetwork);
    const shared = host && mayShareNode(ep.node, eps[(other as { endpoint: number }).endpoint]!.node);
    return `c${engine.classOf[e.endpoint]}${shared ? 's' : ''}`;
  };
  for (const a of ends(src)) {
    for (const b of ends(dst)) {
      if ('endpoint' in a && 'endpoint' in b && a.endpoint === b.endpoint && src.kind === 'workload') continue;
      const kind = `${caseOf(a, b)}>${caseOf(b, a)}`;
      if (cases.has(kind)) continue;
      cases.add(kind);
      const e = explainOne(reach, a, b, query);
      const key = `${e.special ?? ''}|${JSON.stringify(e.egress?.steps.map((s) => [s.rule?.index, s.policy?.name, s.conns.key(), s.effect]))}|${JSON.stringify(e.ingress?.steps.map((s) => [s.rule?.index, s.policy?.name, s.conns.key(), s.effect]))}|${e.allowed.key()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

function explainOne(reach: Reachability, a: End, b: End, query: ConnSet): Explanation {
  const engine = reach.engine;
  const eps = engine.endpoints.endpoints;
  const name = (e: End) => ('ip' in e ? formatIp(e.ip) : podName(reach, e.endpoint));
  const explanation: Explanation = { src: name(a), dst: name(b), allowed: ConnSet.NONE, query };
  if ('endpoint' in a && 'endpoint' in b) {
    const ea = eps[a.endpoint]!;
    const eb = eps[b.endpoint]!;
    if (a.endpoint === b.endpoint) {
      explanation.special = 'a pod can always reach itself';
      explanation.allowed = query;
      return explanation;
    }
    if ((ea.hostNetwork || eb.hostNetwork) && mayShareNode(ea.node, eb.node)) {
      explanation.special =
        ea.node !== undefined && eb.node !== undefined
          ? `traffic between a pod and its own node (${ea.node}) is always allowed, and host-network pods are node traffic`
          : 'traffic between a pod and its own node is always allowed; a host-network pod whose node is unknown may share it';
      explanation.allowed = query;
      return explanation;
    }
  }
  const ownNode = (ip: End, pod: End) =>
    'ip' in ip && 'endpoint' in pod && engine.nodeAddresses(pod.endpoint).includes(ip.ip);
  if (ownNode(a, b) || ownNode(b, a)) {
    explanation.special = "traffic between a pod and its own node is always allowed (the address is its node's)";
    explanation.allowed = query;
    return explanation;
  }
  const classOf = (e: End) => ('ip' in e ? engine.atomClass[engine.atoms.atomOf(e.ip)]! : engine.classOf[e.endpoint]!);
  const direction = (dir: 'egress' | 'ingress', subject: End, peer: End): DirectionExplanation => {
    const at = name(subject);
    if ('ip' in subject) {
      return {
        direction: dir,
        at,
        note: 'external addresses have no policies',
        policies: [],
        steps: [],
        allowed: ConnSet.ALL.intersect(query),
      };
    }
    if (eps[subject.endpoint]!.hostNetwork) return hostDirection(dir, at, query);
    return explainClassDirection(reach, dir, classOf(subject), classOf(peer), query, at);
  };
  explanation.egress = direction('egress', a, b);
  explanation.ingress = direction('ingress', b, a);
  explanation.allowed = explanation.egress.allowed.intersect(explanation.ingress.allowed);
  return explanation;
}

function hostDirection(dir: 'egress' | 'ingress', at: string, query: ConnSet): DirectionExplanation {
  return {
    direction: dir,
    at,
    note: 'host-network pods are not selected by network policies (their traffic is node traffic)',
    policies: [],
    steps: [],
    allowed: query,
  };
}

/**
 * How one direction of a connection is decided, before rendering: either a note (a host-network pod, which policies do
 * not select; a pod no policy selects in this direction: everything allowed), or the profile that judges it with the
 * decision's trace and what it allows. Over every connection, not a query: callers keep the parts a query touches.
 */
export type ClassDirectionOutcome =
  { note: 'host-network' | 'not-selected' } | ({ note?: undefined; profile: Profile } & Traced);

const HOST_NETWORK: ClassDirectionOutcome = { note: 'host-network' };
const NOT_SELECTED: ClassDirectionOutcome = { note: 'not-selected' };

/**
 * Decides one direction of a connection, judged at a pod of class `subject` against a peer of class `peer`: every pod
 * pair of those classes decides alike (and the engine memoises the decision by what the peer satisfies). The one place
 * that decides for both `explainClassDirection` (which renders) and the graph's network fixes (which read it).
 */
export function decideClassDirection(
  reach: Reachability,
  dir: 'egress' | 'ingress',
  subject: number,
  peer: number,
): ClassDirectionOutcome {
  const engine = reach.engine;
  if (engine.classes[subject]!.kind === 'host') return HOST_NETWORK;
  const p = (dir === 'egress' ? engine.egressProfile : engine.ingressProfile)[subject]!;
  if (p < 0) return NOT_SELECTED;
  const profile = engine.profiles[p]!;
  const { trace, allowed } = engine.traced(profile, engine.classes[peer]!);
  return { profile, trace, allowed };
}

/**
 * One direction of a connection, judged at a pod of class `subject` (not on the host network) against a peer of
 * class `peer`, rendered for the query (decideClassDirection).
 */
export function explainClassDirection(
  reach: Reachability,
  dir: 'egress' | 'ingress',
  subject: number,
  peer: number,
  query: ConnSet,
  at = `class ${subject}`,
): DirectionExplanation {
  const outcome = decideClassDirection(reach, dir, subject, peer);
  if (outcome.note !== undefined) {
    if (outcome.note === 'host-network') return hostDirection(dir, at, query);
    return {
      direction: dir,
      at,
      note: `no policy selects the pod for ${dir}: everything is allowed`,
      policies: [],
      steps: [],
      allowed: query,
    };
  }
  const { profile, trace, allowed } = outcome;
  const steps: ExplainStep[] = [];
  for (const t of trace) {
    const conns = t.conns.intersect(query);
    if (conns.isEmpty()) continue;
    const step: ExplainStep = { tier: t.tier, effect: t.effect, conns };
    if (t.rule) {
      step.policy = policyRef(t.rule.policy);
      step.rule = { index: t.rule.index, action: t.rule.action };
      if (t.rule.name !== undefined) step.rule.name = t.rule.name;
      if (t.rule.note !== undefined) step.rule.note = t.rule.note;
    }
    steps.push(step);
  }
  return {
    direction: dir,
    at,
    policies: [
      ...profile.adminPolicies.map((x) => policyRef(x.info)),
      ...profile.npPolicies.map((x) => policyRef(x.info)),
      ...profile.baselinePolicies.map((x) => policyRef(x.info)),
    ],
    steps,
    allowed: allowed.intersect(query),
  };
}

function describePolicy(p: PolicyRef): string {
  const where = p.namespace !== undefined ? `${p.namespace}/${p.name}` : p.name;
  return `${p.kind} ${where}${p.priority !== undefined ? ` (priority ${p.priority})` : ''}`;
}

function describeStep(s: ExplainStep, dir: 'egress' | 'ingress'): string {
  const conns = s.conns.toString();
  if (s.rule && s.policy) {
    const rule = `${dir} rule ${s.rule.index}${s.rule.name ? ` "${s.rule.name}"` : ''}`;
    const verb =
      s.effect === 'allow'
        ? 'allows'
        : s.effect === 'deny'
          ? 'denies'
          : s.effect === 'pass'
            ? 'passes to the next tier'
            : s.effect;
    return `${describePolicy(s.policy)}, ${rule}: ${verb} ${conns}${s.rule.note ? ` (${s.rule.note})` : ''}`;
  }
  switch (s.effect) {
    case 'isolated':
      return `NetworkPolicy tier: the pod is isolated for ${dir} and no rule allows ${conns}: denied`;
    case 'not-isolated':
      return `NetworkPolicy tier: no NetworkPolicy isolates the pod for ${dir}; ${conns} goes on to the baseline tier`;
    default:
      return `no tier decided ${conns}: allowed by default`;
  }
}

/** Plain-text rendering of explanations. */
export function renderExplanation(explanations: readonly Explanation[]): string {
  let out = '';
  for (const [i, e] of explanations.entries()) {
    if (i > 0) out += '\n';
    const queried = e.query.isAll() ? '' : ` (asked: ${e.query.toString()})`;
    out += `${e.src} => ${e.dst} : ${e.allowed.toString()}${queried}\n`;
    if (e.special) {
      out += `  ${e.special}\n`;
      continue;
    }
    for (const d of [e.egress!, e.ingress!]) {
      out += `  ${d.direction} ${d.direction === 'egress' ? 'from' : 'to'} ${d.at}: ${d.allowed.toString()}\n`;
      if (d.note) out += `    ${d.note}\n`;
      if (d.policies.length > 0) out += `    policies: ${d.policies.map(describePolicy).join('; ')}\n`;
      for (const s of d.steps) out += `    - ${describeStep(s, d.direction)}\n`;
    }
  }
  return out;
}

/** JSON form of explanations. */
export function explanationJson(explanations: readonly Explanation[]): unknown {
  const dir = (d: DirectionExplanation | undefined) =>
    d && {
      at: d.at,
      ...(d.note ? { note: d.note } : {}),
      policies: d.policies,
      steps: d.steps.map((s) => ({ ...s, conns: s.conns.toString(), ports: s.conns.toJSON() })),
      allowed: d.allowed.toString(),
    };
  return explanations.map((e) => ({
    src: e.src,
    dst: e.dst,
    query: e.query.toString(),
    allowed: e.allowed.toString(),
    allowedPorts: e.allowed.toJSON(),
    ...(e.special ? { special: e.special } : {}),
    ...(e.egress ? { egress: dir(e.egress) } : {}),
    ...(e.ingress ? { ingress: dir(e.ingress) } : {}),
  }));
}
