import { arrayField, isJsonObject, objectField, stringField, type JsonObject } from '../inventory/json.js';
import type { Inventory, KubeObject } from '../inventory/types.js';

/**
 * What the escalation analysis needs to know about the cluster besides RBAC: which service accounts exist, which
 * pods run as which of them (and on which nodes), and which legacy token secrets exist. Read once from the inventory.
 */

/** A running (or to-be-running) pod identity: the service account whose token the pod holds. */
export interface PodIdentity {
  namespace: string;
  serviceAccount: string;
  /** Workload node id (DESIGN.md §4). */
  workload: string;
  /** Pod names known: a dump's pods, a bare Pod, a StatefulSet's ordinals; empty for generated names. */
  podNames: string[];
  /** Nodes the pods run on (from a dump); empty when unknown. */
  nodeNames: string[];
  /** Whether the pods hold an API token of the service account (automounted or projected). */
  token: boolean;
}

/** A cloud identity a service account is annotated with (IRSA, GKE Workload Identity, Azure Workload Identity). */
export interface CloudIdentityRef {
  provider: 'aws' | 'gcp' | 'azure';
  id: string;
}

export interface ClusterFacts {
  /** Namespace → service account names (inventory objects and implied `default` accounts). */
  serviceAccounts: Map<string, Set<string>>;
  pods: PodIdentity[];
  podsByNamespace: Map<string, PodIdentity[]>;
  /** Namespace → secret name → service account, for secrets of type kubernetes.io/service-account-token. */
  tokenSecrets: Map<string, Map<string, string>>;
  /** `ServiceAccount:<ns>/<name>` → the cloud identity it is annotated with. */
  cloudIdentities: Map<string, CloudIdentityRef>;
  namespaces: Set<string>;
  /** Whether the input shows an EKS cluster (an aws-auth ConfigMap, EKS node labels, IRSA annotations). */
  eks: boolean;
}

const CLOUD_ANNOTATIONS: readonly [string, CloudIdentityRef['provider']][] = [
  ['eks.amazonaws.com/role-arn', 'aws'],
  ['iam.gke.io/gcp-service-account', 'gcp'],
  ['azure.workload.identity/client-id', 'azure'],
];

export function cloudIdentityOf(serviceAccount: KubeObject): CloudIdentityRef | undefined {
  for (const [annotation, provider] of CLOUD_ANNOTATIONS) {
    const id = serviceAccount.annotations[annotation];
    if (id) return { provider, id };
  }
  return undefined;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function hasProjectedToken(spec: JsonObject): boolean {
  for (const volume of arrayField(spec, 'volumes') ?? []) {
    if (!isJsonObject(volume)) continue;
    for (const source of arrayField(objectField(volume, 'projected'), 'sources') ?? []) {
      if (isJsonObject(source) && objectField(source, 'serviceAccountToken')) return true;
    }
  }
  return false;
}

function serviceAccountOf(spec: JsonObject): string {
  return stringField(spec, 'serviceAccountName') || stringField(spec, 'serviceAccount') || 'default';
}

export function clusterFacts(inventory: Pick<Inventory, 'objects' | 'workloads'>): ClusterFacts {
  const serviceAccounts = new Map<string, Set<string>>();
  const saAutomount = new Map<string, boolean>();
  const tokenSecrets = new Map<string, Map<string, string>>();
  const cloudIdentities = new Map<string, CloudIdentityRef>();
  const namespaces = new Set<string>();
  let eks = false;
  for (const o of inventory.objects) {
    if (o.namespace) namespaces.add(o.namespace);
    if (o.group !== '') continue;
    if (
      (o.kind === 'ConfigMap' && o.namespace === 'kube-system' && o.name === 'aws-auth') ||
      (o.kind === 'Node' && Object.keys(o.labels).some((k) => k.startsWith('eks.amazonaws.com/'))) ||
      (o.kind === 'ServiceAccount' && o.annotations['eks.amazonaws.com/role-arn'])
    ) {
      eks = true;
    }
    if (o.kind === 'Namespace') namespaces.add(o.name);
    if (o.kind === 'ServiceAccount' && o.namespace) {
      addTo(serviceAccounts, o.namespace, o.name);
      const automount = o.raw['automountServiceAccountToken'];
      if (typeof automount === 'boolean') saAutomount.set(`${o.namespace}/${o.name}`, automount);
      const cloud = cloudIdentityOf(o);
      if (cloud) cloudIdentities.set(`ServiceAccount:${o.namespace}/${o.name}`, cloud);
    } else if (
      o.kind === 'Secret' &&
      o.namespace &&
      stringField(o.raw, 'type') === 'kubernetes.io/service-account-token'
    ) {
      const sa = o.annotations['kubernetes.io/service-account.name'];
      if (!sa) continue;
      let secrets = tokenSecrets.get(o.namespace);
      if (!secrets) tokenSecrets.set(o.namespace, (secrets = new Map()));
      secrets.set(o.name, sa);
    }
  }

  const pods: PodIdentity[] = [];
  for (const w of inventory.workloads) {
    // One identity per service account the workload's pods use (pods of one controller may differ in a dump).
    const specs: { spec: JsonObject; name?: string; node?: string }[] =
      w.pods.length > 0
        ? w.pods.map((p) => {
            const entry: { spec: JsonObject; name?: string; node?: string } = { spec: p.template.spec, name: p.name };
            if (p.nodeName) entry.node = p.nodeName;
            return entry;
          })
        : [{ spec: w.template.spec }];
    const byAccount = new Map<string, PodIdentity>();
    for (const { spec, name, node } of specs) {
      const sa = serviceAccountOf(spec);
      const automount =
        typeof spec['automountServiceAccountToken'] === 'boolean'
          ? spec['automountServiceAccountToken']
          : (saAutomount.get(`${w.namespace}/${sa}`) ?? true);
      let identity = byAccount.get(sa);
      if (!identity) {
        identity = {
          namespace: w.namespace,
          serviceAccount: sa,
          workload: w.id,
          podNames: [],
          nodeNames: [],
          token: false,
        };
        byAccount.set(sa, identity);
      }
      identity.token ||= automount || hasProjectedToken(spec);
      if (name) identity.podNames.push(name);
      if (node && !identity.nodeNames.includes(node)) identity.nodeNames.push(node);
      if (w.pods.length === 0) {
        if (w.kind === 'Pod') {
          identity.podNames.push(w.name);
          const nodeName = stringField(spec, 'nodeName');
          if (nodeName) identity.nodeNames.push(nodeName);
        } else if (w.kind === 'StatefulSet') {
          const replicas = objectField(w.object?.raw, 'spec')?.['replicas'];
          const n = typeof replicas === 'number' && replicas >= 0 ? Math.min(replicas, 1000) : 1;
          for (let i = 0; i < n; i++) identity.podNames.push(`${w.name}-${i}`);
        }
      }
    }
    for (const identity of byAccount.values()) {
      pods.push(identity);
      addTo(serviceAccounts, identity.namespace, identity.serviceAccount);
    }
  }
  const podsByNamespace = new Map<string, PodIdentity[]>();
  for (const p of pods) {
    let list = podsByNamespace.get(p.namespace);
    if (!list) podsByNamespace.set(p.namespace, (list = []));
    list.push(p);
  }
  return { serviceAccounts, pods, podsByNamespace, tokenSecrets, cloudIdentities, namespaces, eks };
}
