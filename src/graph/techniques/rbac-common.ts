import type { TechniqueContext } from '../context.js';
import { fixBindings, fixNamespaceLevel } from '../fixes.js';
import type { FixOption } from '../model.js';
import type { CapabilityGrant, CapabilityId } from '../../rbac/index.js';
import { scopeText } from '../../rbac/index.js';
import { fanOut } from './fan-out.js';
import { setHash } from './helpers.js';
import type { TechniqueEdge } from './types.js';

/** Shared by the RBAC techniques: grants of the rbac module's escalation analysis, turned into graph edges. */

const IDENTITY = /^(ServiceAccount|User|Group):/;

export function isIdentity(id: string): boolean {
  return IDENTITY.test(id);
}

/** The user the API server sees for an identity node id. */
export function userOf(id: string): { name: string; groups: string[] } {
  if (id.startsWith('ServiceAccount:')) {
    const rest = id.slice(15);
    const slash = rest.indexOf('/');
    const ns = rest.slice(0, slash);
    return {
      name: `system:serviceaccount:${ns}:${rest.slice(slash + 1)}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    };
  }
  if (id.startsWith('Group:')) return { name: '', groups: [id.slice(6)] };
  return { name: id.slice(5), groups: [] };
}

const memo = new WeakMap<TechniqueContext, Map<string, string[]>>();

/**
 * The graph nodes a target of the escalation graph stands for: identities and ClusterAdmin as they are; the
 * intermediate nodes (`AnySA:`, `PodSA:`, `Grant:`, `NamespaceAdmin:`, `AnyUser`) followed to the identities they
 * reach, or to ClusterAdmin when a role grant or namespace admin reaches full control. Accounts reached only through
 * an every-account hub are kept when worth reaching (see `worthReaching`).
 */
export function resolveTargets(ctx: TechniqueContext, targets: readonly string[]): string[] {
  let cache = memo.get(ctx);
  if (!cache) memo.set(ctx, (cache = new Map()));
  const out = new Set<string>();
  for (const t of targets) {
    if (t === 'ClusterAdmin' || isIdentity(t)) out.add(t);
    else for (const x of expand(ctx, cache, t)) out.add(x);
  }
  return [...out];
}

function expand(ctx: TechniqueContext, cache: Map<string, string[]>, start: string): string[] {
  const cached = cache.get(start);
  if (cached) return cached;
  const g = ctx.escalation;
  const out = new Set<string>();
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (/^(Grant:|NamespaceAdmin:|AnyUser)/.test(node) && g.distance.has(node)) {
      out.add('ClusterAdmin');
      continue;
    }
    for (const e of g.edges.get(node) ?? []) {
      if (e.to === 'ClusterAdmin') out.add(e.to);
      else if (isIdentity(e.to)) {
        if (!e.to.startsWith('ServiceAccount:') || ctx.worthReaching(e.to)) out.add(e.to);
      } else if (!seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  const list = out.has('ClusterAdmin') && /^(Grant:|NamespaceAdmin:)/.test(start) ? ['ClusterAdmin'] : [...out];
  cache.set(start, list);
  return list;
}

export function grantsOf(ctx: TechniqueContext, capabilities: readonly CapabilityId[]): CapabilityGrant[] {
  const set = new Set<CapabilityId>(capabilities);
  return ctx.escalation.grants.filter((g) => set.has(g.capability) && isIdentity(g.holder));
}

/** The permission, where it holds and the binding and role that give it. */
export function grantBecause(g: CapabilityGrant): string {
  const ev = g.evidence.find((e) => e.binding) ?? g.evidence[0];
  const via = ev?.binding
    ? ` via ${ev.binding.kind} ${ev.binding.namespace ? `${ev.binding.namespace}/` : ''}${ev.binding.name} → ${ev.binding.roleRef.kind} ${ev.binding.roleRef.name} rules[${ev.ruleIndex}]`
    : '';
  return `${g.holder} may ${g.detail} ${scopeText(g.scope)}${via}`;
}

export function grantFixes(ctx: TechniqueContext, g: CapabilityGrant, extra: FixOption[] = []): FixOption[] {
  const used = ctx.workloadsAs.has(g.holder);
  return [...fixBindings(g.evidence, userOf(g.holder), used), ...extra];
}

/** One edge per resolved target of each grant (self-loops left out), through a hub for many targets. */
export function* grantEdges(
  ctx: TechniqueContext,
  capabilities: readonly CapabilityId[],
  options: { difficulty?: number } = {},
): Iterable<TechniqueEdge> {
  for (const g of grantsOf(ctx, capabilities)) {
    let targets = resolveTargets(ctx, g.targets);
    if (targets.length === 0) continue;
    // Full control includes everything else the grant reaches.
    if (targets.includes('ClusterAdmin')) targets = ['ClusterAdmin'];
    const edge: Omit<TechniqueEdge, 'from' | 'to'> = { because: grantBecause(g), fixes: grantFixes(ctx, g) };
    if (options.difficulty !== undefined) edge.difficulty = options.difficulty;
    yield* fanOut(g.holder, targets, `to/${setHash(g.targets)}`, edge);
  }
}

/** The namespaces a grant's scope covers that enforce `privileged` (pods there may escape). */
export function privilegedNamespaces(ctx: TechniqueContext, g: CapabilityGrant): string[] {
  if (g.scope.kind === 'namespace')
    return ctx.enforcedLevel(g.scope.namespace) === 'privileged' ? [g.scope.namespace] : [];
  const all = new Set<string>([...ctx.inventory.namespaces.keys(), ...ctx.rbac.facts.namespaces]);
  return [...all].filter((ns) => ctx.enforcedLevel(ns) === 'privileged').sort();
}

export { fixNamespaceLevel };
