/** Label selectors as the API server evaluates them (metav1.LabelSelector and the plain maps of Services). */

import { arrayField, isJsonObject, objectField, stringField, type JsonObject } from '../inventory/json.js';

/**
 * Whether a LabelSelector selects `labels`. An empty selector (`{}`) selects everything; a missing one (undefined)
 * selects nothing, as in NetworkPolicy peers and PodDisruptionBudgets. Unknown operators select nothing, which is
 * what the API server's validation would have rejected.
 */
export function selectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const matchLabels = objectField(selector, 'matchLabels');
  if (matchLabels) {
    for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  }
  for (const expression of arrayField(selector, 'matchExpressions') ?? []) {
    if (!isJsonObject(expression)) return false;
    const key = stringField(expression, 'key') ?? '';
    const values = (arrayField(expression, 'values') ?? []).filter((v): v is string => typeof v === 'string');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (stringField(expression, 'operator')) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's (or ReplicationController's) plain `selector` map: every pair must match; an empty map matches none. */
export function mapSelectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([key, value]) => labels[key] === value);
}
