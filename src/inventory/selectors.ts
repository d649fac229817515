/**
 * Label selectors (metav1.LabelSelector) as the API server evaluates them: one implementation for every analyzer
 * (NetworkPolicy peers, admin policies, ClusterRole aggregation, PodDisruptionBudgets...).
 */
import { isJsonObject, type JsonValue } from './json.js';

/** One requirement of a label selector; `matchLabels` entries become `In` with one value. */
export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/**
 * A metav1.LabelSelector: the AND of its requirements; no requirement matches everything. A selector the API server
 * would reject (unknown operator, In/NotIn without values, values with Exists) is `valid: false` and matches nothing;
 * the policy layer decides what an invalid selector means for its rule (admin policies fail closed).
 */
export interface Selector {
  requirements: Requirement[];
  valid: boolean;
  /** Why an invalid selector is invalid, in the API server's words where it has them. */
  error?: string;
  /** Canonical text: equal selectors have equal keys. */
  key: string;
}

export const MATCH_ALL: Selector = { requirements: [], valid: true, key: '{}' };
export const MATCH_NONE: Selector = { requirements: [], valid: false, key: '!' };

/** Reads a label selector; `undefined`/`null` is the empty selector (matches everything). */
export function parseSelector(value: JsonValue | undefined): Selector {
  if (value === undefined || value === null) return MATCH_ALL;
  const invalid = (error: string): Selector => ({ ...MATCH_NONE, error });
  if (!isJsonObject(value)) return invalid('selector is not a mapping');
  const requirements: Requirement[] = [];
  const matchLabels = value['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isJsonObject(matchLabels)) return invalid('matchLabels is not a mapping');
    for (const [key, v] of Object.entries(matchLabels)) {
      if (typeof v !== 'string') return invalid(`matchLabels.${key} is not a string`);
      requirements.push({ key, operator: 'In', values: [v] });
    }
  }
  const expressions = value['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return invalid('matchExpressions is not a list');
    for (const entry of expressions) {
      const req = isJsonObject(entry) ? requirementOf(entry) : 'matchExpressions entry is not a mapping';
      if (typeof req === 'string') return invalid(req);
      requirements.push(req);
    }
  }
  requirements.sort((a, b) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.operator !== b.operator ? (a.operator < b.operator ? -1 : 1) : 0,
  );
  return { requirements, valid: true, key: JSON.stringify(requirements.map((r) => [r.key, r.operator, r.values])) };
}

/** One matchExpressions entry, or why the API server would reject it. */
function requirementOf(entry: Record<string, JsonValue>): Requirement | string {
  const key = entry['key'];
  const operator = entry['operator'];
  const raw = entry['values'];
  if (typeof key !== 'string' || typeof operator !== 'string')
    return 'matchExpressions entry needs a key and an operator';
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : undefined;
  if (!values || values.some((v) => typeof v !== 'string')) return `values of ${key} must be a list of strings`;
  const strings = [...new Set(values as string[])].sort();
  switch (operator) {
    case 'In':
    case 'NotIn':
      return strings.length > 0 ? { key, operator, values: strings } : `operator ${operator} needs values`;
    case 'Exists':
    case 'DoesNotExist':
      return strings.length === 0 ? { key, operator, values: [] } : `operator ${operator} takes no values`;
    default:
      return `"${operator}" is not a valid label selector operator`;
  }
}

export function matches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (!selector.valid) return false;
  for (const req of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? labels[req.key]! : undefined;
    switch (req.operator) {
      case 'In':
        if (value === undefined || !req.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && req.values.includes(value)) return false;
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

/** The label keys a selector reads: pods that agree on these keys are alike for it. */
export function keysOf(selector: Selector): string[] {
  return selector.requirements.map((r) => r.key);
}

/** `app=web,tier in (a,b)`, like kubectl prints selectors. */
export function describeSelector(selector: Selector): string {
  if (!selector.valid) return '<invalid>';
  if (selector.requirements.length === 0) return '{}';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
