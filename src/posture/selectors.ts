/** Label selectors as the API server evaluates them (metav1.LabelSelector and the plain maps of Services). */

import type { JsonObject } from '../inventory/json.js';
import { matches, parseSelector } from '../inventory/selectors.js';

/**
 * Whether a LabelSelector selects `labels`. An empty selector (`{}`) selects everything; a missing one (undefined)
 * selects nothing, as in NetworkPolicy peers and PodDisruptionBudgets; one the API server would reject selects nothing.
 */
export function selectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && matches(parseSelector(selector), labels);
}

/** A Service's (or ReplicationController's) plain `selector` map: every pair must match; an empty map matches none. */
export function mapSelectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([key, value]) => labels[key] === value);
}
