import { describeObject } from './objects.js';
import type { KubeObject } from './types.js';

/** The label the API server sets on every namespace (NamespaceDefaultLabelName, GA in v1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function implied(kind: string, name: string, namespace: string | undefined, by: KubeObject, why: string): KubeObject {
  const metadata: Record<string, string | Record<string, string>> = { name };
  const labels: Record<string, string> = kind === 'Namespace' ? { [NAMESPACE_NAME_LABEL]: name } : {};
  if (kind === 'Namespace') metadata['labels'] = labels;
  if (namespace !== undefined) metadata['namespace'] = namespace;
  const object: KubeObject = {
    apiVersion: 'v1',
    group: '',
    kind,
    name,
    labels,
    annotations: {},
    ownerReferences: [],
    raw: { apiVersion: 'v1', kind, metadata },
    source: by.source,
    input: 'implied',
    implied: true,
    impliedBy: why,
  };
  if (namespace !== undefined) object.namespace = namespace;
  return object;
}

/**
 * What the cluster has although the input does not define it: each namespace the input puts objects in, and each
 * namespace's `default` ServiceAccount (the service account controller creates it).
 */
export function impliedObjects(objects: readonly KubeObject[]): KubeObject[] {
  const defined = new Set<string>();
  const defaultAccounts = new Set<string>();
  const firstUse = new Map<string, KubeObject>();
  for (const object of objects) {
    if (object.namespace !== undefined && !firstUse.has(object.namespace)) firstUse.set(object.namespace, object);
    if (object.group !== '') continue;
    if (object.kind === 'Namespace') defined.add(object.name);
    if (object.kind === 'ServiceAccount' && object.name === 'default') defaultAccounts.add(object.namespace!);
  }
  const out: KubeObject[] = [];
  for (const [namespace, by] of firstUse) {
    if (defined.has(namespace)) continue;
    out.push(
      implied('Namespace', namespace, undefined, by, `named by ${describeObject(by.kind, by.name, by.namespace)}`),
    );
  }
  const namespaceObjects = new Map(
    objects.filter((o) => o.kind === 'Namespace' && o.group === '').map((o) => [o.name, o]),
  );
  const allNamespaces = [...new Set([...defined, ...firstUse.keys()])].sort();
  for (const namespace of allNamespaces) {
    if (defaultAccounts.has(namespace)) continue;
    const by = namespaceObjects.get(namespace) ?? firstUse.get(namespace)!;
    out.push(implied('ServiceAccount', 'default', namespace, by, `every namespace has one; namespace ${namespace}`));
  }
  return out;
}
