import { isJsonObject, type JsonValue } from '../inventory/json.js';

/**
 * A metav1.LabelSelector as LabelSelectorAsSelector reads it: matchLabels and matchExpressions (In, NotIn, Exists,
 * DoesNotExist) all have to hold; an empty selector matches everything. Written here because the aggregation rule is
 * the only selector RBAC has and it needs nothing more.
 */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** Parses a selector; undefined (with the reason) when it is malformed, which makes aggregation fail as upstream. */
export function parseLabelSelector(value: JsonValue): { selector: LabelSelector } | { error: string } {
  if (!isJsonObject(value)) return { error: 'selector is not a mapping' };
  const matchLabels: Record<string, string> = {};
  const labels = value['matchLabels'];
  if (labels !== undefined && labels !== null) {
    if (!isJsonObject(labels)) return { error: 'matchLabels is not a mapping' };
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string') return { error: `matchLabels.${k} is not a string` };
      matchLabels[k] = v;
    }
  }
  const matchExpressions: LabelSelector['matchExpressions'] = [];
  const expressions = value['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return { error: 'matchExpressions is not a list' };
    for (const e of expressions) {
      if (!isJsonObject(e) || typeof e['key'] !== 'string' || typeof e['operator'] !== 'string') {
        return { error: 'matchExpressions entry needs a key and an operator' };
      }
      const values = Array.isArray(e['values']) ? e['values'].filter((x): x is string => typeof x === 'string') : [];
      const operator = e['operator'];
      if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
        return { error: `"${operator}" is not a valid label selector operator` };
      }
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        return { error: `operator ${operator} needs values` };
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        return { error: `operator ${operator} takes no values` };
      }
      matchExpressions.push({ key: e['key'], operator, values });
    }
  }
  return { selector: { matchLabels, matchExpressions } };
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
