import { arrayField, isJsonObject, objectField, stringField } from './json.js';
import type { KubeObject, NodeAddress, NodeInfo, Taint } from './types.js';

function mappings<T>(entries: unknown[] | undefined, read: (entry: Record<string, unknown>) => T | undefined): T[] {
  return (entries ?? []).flatMap((entry) => {
    if (!isJsonObject(entry)) return [];
    const value = read(entry);
    return value === undefined ? [] : [value];
  });
}

/** Reads a Node's labels, taints, addresses and pod CIDRs; malformed entries are left out. */
export function nodeInfo(object: KubeObject): NodeInfo {
  const spec = objectField(object.raw, 'spec');
  const status = objectField(object.raw, 'status');
  const taints = mappings<Taint>(arrayField(spec, 'taints'), (entry) => {
    const key = typeof entry['key'] === 'string' ? entry['key'] : undefined;
    const effect = typeof entry['effect'] === 'string' ? entry['effect'] : undefined;
    if (!key || !effect) return undefined;
    return typeof entry['value'] === 'string' ? { key, value: entry['value'], effect } : { key, effect };
  });
  const addresses = mappings<NodeAddress>(arrayField(status, 'addresses'), (entry) =>
    typeof entry['type'] === 'string' && typeof entry['address'] === 'string'
      ? { type: entry['type'], address: entry['address'] }
      : undefined,
  );
  const cidrs = (arrayField(spec, 'podCIDRs') ?? []).filter((c): c is string => typeof c === 'string');
  const single = stringField(spec, 'podCIDR');
  if (cidrs.length === 0 && single) cidrs.push(single);
  return { name: object.name, labels: object.labels, taints, addresses, podCIDRs: cidrs, object };
}
