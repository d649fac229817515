import type { TechniqueEdge } from './types.js';

/** Above this many targets an edge set goes through a hub: fewer edges, and one edge per source to cut. */
const HUB_FROM = 3;

/**
 * The edges from `from` to each target, with the same facts and fixes: direct for a few targets, else through the
 * hub `Hub:<key>` (the builder names it after the technique), which every source with the same targets shares. `key`
 * must name the target set: two calls with one key must pass the same targets.
 */
export function* fanOut(
  from: string,
  targets: readonly string[],
  key: string,
  edge: Omit<TechniqueEdge, 'from' | 'to' | 'fanOut'>,
): Iterable<TechniqueEdge> {
  if (targets.length > HUB_FROM) {
    yield { ...edge, from, to: `Hub:${key}`, fanOut: targets };
    return;
  }
  for (const to of targets) if (to !== from) yield { ...edge, from, to };
}
