import type { TechniqueContext } from '../context.js';
import type { FixOption, NodeKind } from '../model.js';

/** One edge a technique finds: the facts (`because`) and the fixes that remove it, found with the same facts. */
export interface TechniqueEdge {
  from: string;
  to: string;
  because: string;
  /** Overrides the technique's difficulty for this edge. */
  difficulty?: number;
  container?: string;
  fixes: FixOption[];
  /**
   * The edge leads to each of these targets through the hub `to` (a `Hub:` id, named by the builder after the
   * technique): one edge to the hub per source, and the hub's edges to its targets once. For fan-outs many sources
   * share (every node, the workloads of a namespace): the fixes and facts are the source's, the same for each target.
   */
  fanOut?: readonly string[];
}

/**
 * A technique of the registry (DESIGN.md §3), modelled on ESLint rules: metadata, one function finding every edge,
 * and the fixes of an edge.
 */
export interface Technique {
  /** UPPER_SNAKE id. */
  id: string;
  title: string;
  /** MITRE ATT&CK technique id. */
  mitre: string;
  aliases: { kubehound?: string; icekube?: string };
  from: readonly NodeKind[];
  to: readonly NodeKind[];
  /** The exact precondition, for people. */
  docs: string;
  /** 0 (trivial) to 1 (very hard). */
  difficulty: number;
  edges(ctx: TechniqueContext): Iterable<TechniqueEdge>;
  fixes(edge: TechniqueEdge): readonly FixOption[];
}

/** The fixes are found with the edge's facts; most techniques return them as found. */
export const fixesAsFound = (edge: TechniqueEdge): readonly FixOption[] => edge.fixes;
