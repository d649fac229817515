import type { ImageVulnerabilities } from '../image/scan.js';
import { arrayField, isJsonObject, objectField, stringField, stringMap, type JsonObject } from '../inventory/json.js';
import type { Inventory, KubeObject, NodeInfo, Workload } from '../inventory/types.js';
import { sameNetworkInputs } from '../network/same-inputs.js';
import { analyzeNetwork, type NetworkAnalysis } from '../network/index.js';
import { policyToEvaluate } from '../posture/pss/index.js';
import type { Level } from '../posture/pss/index.js';
import { analyzeRbac, type EscalationGraph, type RbacAnalysis } from '../rbac/index.js';
import type { ObjectRef } from './model.js';

/** An EKS Pod Identity association (`aws eks describe-pod-identity-association`), given as input. */
export interface PodIdentityAssociation {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
}

/** An EKS access entry (`aws eks describe-access-entry` and `list-associated-access-policies`), given as input. */
export interface EksAccessEntry {
  principalArn: string;
  /** STANDARD (the default), EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX, EC2. */
  type?: string;
  username?: string;
  kubernetesGroups?: string[];
  accessPolicies?: { policyArn: string; accessScope: { type: string; namespaces?: string[] } }[];
}

/**
 * Analyses a scan already made of one inventory (its network and RBAC stages), so the graph does not make them again.
 * Used only for that inventory: a plan's verification builds the graph of the fixed cluster afresh.
 */
export interface SharedAnalyses {
  inventory: Inventory;
  rbac?: RbacAnalysis;
  network?: NetworkAnalysis;
}

export interface GraphSettings {
  /** Add the API server's default RBAC policy where the input does not define it (as `rbac` commands do). */
  defaultRbac: boolean;
  /** The node instance metadata endpoint (169.254.169.254) is blocked for pods (hop limit 1, iptables, ...). */
  metadataBlocked?: boolean;
  /** The node instance role (`CloudIdentity:aws:arn:...`), when known: IMDS edges lead there. */
  nodeIdentity?: string;
  /** Extra crown jewels (node ids). */
  crownJewels?: string[];
  /** The cluster's Kubernetes minor version (1.x), when known; unknown assumes the older, weaker behaviour. */
  kubernetesMinor?: number;
  /** EKS Pod Identity associations (not visible in the cluster's objects). */
  podIdentityAssociations?: PodIdentityAssociation[];
  /** EKS access entries with their associated access policies (not visible in the cluster's objects). */
  accessEntries?: EksAccessEntry[];
  /**
   * `scan --images`: what the images the workloads run contain, by the image reference as the pod specs write it
   * (images not scanned, or that could not be read, are absent). VULN_EXPLOIT reads the network-exploitable ones.
   */
  imageVulnerabilities?: ReadonlyMap<string, ImageVulnerabilities>;
  /** Analyses already made from the same inventory (scan shares them). */
  analyses?: SharedAnalyses;
}

export interface MountInfo {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  /** The hostPath source, normalised (no trailing slash), when the volume is a hostPath. */
  hostPath?: string;
}

export interface ContainerInfo {
  name: string;
  list: 'containers' | 'initContainers' | 'ephemeralContainers';
  privileged: boolean;
  /** capabilities.add, upper case, without a `CAP_` prefix. */
  caps: Set<string>;
  runAsUser?: number;
  appArmorUnconfined: boolean;
  mounts: MountInfo[];
}

export interface WorkloadInfo {
  workload: Workload;
  id: string;
  namespace: string;
  spec: JsonObject;
  hostPID: boolean;
  hostIPC: boolean;
  hostNetwork: boolean;
  serviceAccount: string;
  serviceAccountId: string;
  /** How the pods hold the account's API token, if they do. */
  token?: 'automount' | 'projected';
  containers: ContainerInfo[];
  /** Node ids the pods run on or may be scheduled on. */
  nodes: string[];
  /** The object a fix patches (the controller, or the bare Pod). */
  ref?: ObjectRef;
  /** Labels selecting the pods (the controller's matchLabels, else the template's labels). */
  selector: Record<string, string>;
}

export const ANY_NODE = 'Node:*';

function normalisePath(p: string): string {
  const out = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return out === '' ? '/' : out;
}

function capsOf(sc: JsonObject | undefined): Set<string> {
  const out = new Set<string>();
  for (const c of arrayField(objectField(sc, 'capabilities'), 'add') ?? []) {
    if (typeof c === 'string') out.add(c.toUpperCase().replace(/^CAP_/, ''));
  }
  return out;
}

function numberField(obj: JsonObject | undefined, key: string): number | undefined {
  const v = obj?.[key];
  return typeof v === 'number' ? v : undefined;
}

function tolerates(spec: JsonObject, taint: { key: string; value?: string; effect: string }): boolean {
  for (const t of arrayField(spec, 'tolerations') ?? []) {
    if (!isJsonObject(t)) continue;
    const effect = stringField(t, 'effect');
    if (effect && effect !== taint.effect) continue;
    const key = stringField(t, 'key');
    const op = stringField(t, 'operator') ?? 'Equal';
    if (!key) {
      if (op === 'Exists') return true;
      continue;
    }
    if (key !== taint.key) continue;
    if (op === 'Exists' || (stringField(t, 'value') ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

function expressionMatches(labels: Record<string, string>, e: JsonObject): boolean {
  const key = stringField(e, 'key') ?? '';
  const values = (arrayField(e, 'values') ?? []).filter((v): v is string => typeof v === 'string');
  const v = labels[key];
  switch (stringField(e, 'operator')) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(values[0]);
    default:
      return true; // unknown operator: conservatively schedulable
  }
}

/** Whether a pod with this spec may be scheduled on the node (nodeSelector, required affinity, NoSchedule taints). */
export function schedulable(spec: JsonObject, node: NodeInfo, daemonSet: boolean): boolean {
  const pinned = stringField(spec, 'nodeName');
  if (pinned) return pinned === node.name;
  for (const [k, v] of Object.entries(stringMap(spec, 'nodeSelector'))) if (node.labels[k] !== v) return false;
  const required = objectField(
    objectField(objectField(spec, 'affinity'), 'nodeAffinity'),
    'requiredDuringSchedulingIgnoredDuringExecution',
  );
  const terms = (arrayField(required, 'nodeSelectorTerms') ?? []).filter(isJsonObject);
  if (terms.length > 0) {
    const ok = terms.some((t) =>
      (arrayField(t, 'matchExpressions') ?? []).filter(isJsonObject).every((e) => expressionMatches(node.labels, e)),
    );
    if (!ok) return false;
  }
  for (const taint of node.taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    // The DaemonSet controller adds tolerations for the node condition taints.
    if (daemonSet && taint.key.startsWith('node.kubernetes.io/')) continue;
    if (!tolerates(spec, taint)) return false;
  }
  return true;
}

/**
 * A projected serviceAccountToken volume the pod spec asks for. The `kube-api-access-*` volume of live pods is the one
 * the ServiceAccount admission plugin adds for automounting: it is the automount, not a request of its own, and the
 * next pod does not get it once automountServiceAccountToken is false.
 */
function hasProjectedToken(spec: JsonObject): boolean {
  for (const volume of arrayField(spec, 'volumes') ?? []) {
    if (!isJsonObject(volume)) continue;
    if (stringField(volume, 'name')?.startsWith('kube-api-access-')) continue;
    for (const source of arrayField(objectField(volume, 'projected'), 'sources') ?? []) {
      if (isJsonObject(source) && objectField(source, 'serviceAccountToken')) return true;
    }
  }
  return false;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const serviceAccountOf = (w: Workload): string =>
  stringField(w.template.spec, 'serviceAccountName') || stringField(w.template.spec, 'serviceAccount') || 'default';
const serviceAccountIdOf = (w: Workload): string => `ServiceAccount:${w.namespace}/${serviceAccountOf(w)}`;

/** Workload infos by workload, with what else they were read from (TechniqueContext.describeOnce). */
const described = new WeakMap<
  Workload,
  { serviceAccount: KubeObject | undefined; nodes: readonly NodeInfo[]; info: WorkloadInfo }
>();

/** Everything techniques read, computed once per graph. */
export class TechniqueContext {
  readonly workloads: WorkloadInfo[];
  readonly workloadById = new Map<string, WorkloadInfo>();
  readonly serviceAccounts = new Map<string, KubeObject>();
  /** Node ids: `Node:<name>` for each Node object, or `Node:*` when the input has none. */
  readonly nodeIds: string[];
  /** Node id → the workloads whose pods run (or may run) there. */
  readonly workloadsOnNode = new Map<string, WorkloadInfo[]>();
  /** ServiceAccount id → the workloads running as it; namespace → its workloads (techniques ask per grant). */
  readonly workloadsAs = new Map<string, WorkloadInfo[]>();
  readonly workloadsIn = new Map<string, WorkloadInfo[]>();
  private rbacAnalysis: RbacAnalysis | undefined;
  private networkAnalysis: NetworkAnalysis | undefined;
  private readonly enforce = new Map<string, Level>();
  /**
   * Node name → its id in nodeIds: workloads' node lists hold these strings rather than new ones (824k entries at 100k
   * pods, each looked up by string in maps: a string made once hashes once).
   */
  private readonly nodeIdByName = new Map<string, string>();
  private readonly worthMemo = new Map<string, boolean>();

  constructor(
    readonly inventory: Inventory,
    readonly settings: GraphSettings,
  ) {
    const shared = settings.analyses;
    if (shared?.inventory === inventory) {
      this.rbacAnalysis = shared.rbac;
      this.networkAnalysis = shared.network;
    } else if (shared?.network && sameNetworkInputs(shared.inventory, inventory)) {
      // A plan's verification: fixes that leave connections alone keep the input's network analysis.
      this.networkAnalysis = shared.network;
    }
    for (const o of inventory.objects) {
      if (o.kind === 'ServiceAccount' && o.group === '' && o.namespace) {
        this.serviceAccounts.set(`ServiceAccount:${o.namespace}/${o.name}`, o);
      }
    }
    this.nodeIds = inventory.nodes.length === 0 ? [ANY_NODE] : inventory.nodes.map((n) => `Node:${n.name}`);
    inventory.nodes.forEach((n, i) => this.nodeIdByName.set(n.name, this.nodeIds[i]!));
    this.workloads = inventory.workloads.map((w) => this.describeOnce(w));
    for (const wi of this.workloads) {
      this.workloadById.set(wi.id, wi);
      push(this.workloadsAs, wi.serviceAccountId, wi);
      push(this.workloadsIn, wi.namespace, wi);
      for (const n of wi.nodes) {
        push(this.workloadsOnNode, n, wi);
      }
    }
  }

  get rbac(): RbacAnalysis {
    return (this.rbacAnalysis ??= analyzeRbac(this.inventory, { defaultRbac: this.settings.defaultRbac }));
  }

  get escalation(): EscalationGraph {
    return this.rbac.escalation();
  }

  get network(): NetworkAnalysis {
    return (this.networkAnalysis ??= analyzeNetwork(this.inventory));
  }

  /** The Pod Security level a namespace enforces (no label: privileged, the admission plugin's default). */
  enforcedLevel(namespace: string): Level {
    let level = this.enforce.get(namespace);
    if (!level) {
      const ns = this.inventory.namespaces.get(namespace);
      level = policyToEvaluate(ns?.labels ?? {}).policy.enforce.level;
      this.enforce.set(namespace, level);
    }
    return level;
  }

  /**
   * Whether reaching a service account is worth an edge when a technique reaches every account of a namespace: it
   * holds permissions from a binding that is not only the default policy's, or a cloud identity, or is a crown jewel.
   */
  worthReaching(saId: string): boolean {
    let worth = this.worthMemo.get(saId);
    if (worth === undefined) {
      worth = false;
      if (this.rbac.facts.cloudIdentities.has(saId) || (this.settings.crownJewels ?? []).includes(saId)) worth = true;
      else {
        const sa = this.serviceAccounts.get(saId);
        if (sa && sa.annotations['chokepoint.io/crown-jewel'] === 'true') worth = true;
        const rest = saId.slice('ServiceAccount:'.length);
        const slash = rest.indexOf('/');
        const user = {
          name: `system:serviceaccount:${rest.slice(0, slash)}:${rest.slice(slash + 1)}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${rest.slice(0, slash)}`, 'system:authenticated'],
        };
        const { cluster, byNamespace } = this.rbac.index.grantsFor(user);
        if (cluster.some((g) => !g.binding.isDefault)) worth = true;
        for (const list of byNamespace.values()) if (list.some((g) => !g.binding.isDefault)) worth = true;
      }
      this.worthMemo.set(saId, worth);
    }
    return worth;
  }

  /**
   * A workload's info depends on the workload, its ServiceAccount object and the nodes, nothing else: made again only
   * when one of those is not the same as last time (a plan's verification keeps 16.5k of 16.9k at 100k pods).
   */
  private describeOnce(w: Workload): WorkloadInfo {
    const saObject = this.serviceAccounts.get(serviceAccountIdOf(w));
    const known = described.get(w);
    if (known && known.serviceAccount === saObject && known.nodes === this.inventory.nodes) return known.info;
    const info = this.describe(w, saObject);
    described.set(w, { serviceAccount: saObject, nodes: this.inventory.nodes, info });
    return info;
  }

  private describe(w: Workload, saObject: KubeObject | undefined): WorkloadInfo {
    const spec = w.template.spec;
    const sa = serviceAccountOf(w);
    const saId = serviceAccountIdOf(w);
    const podAutomount = spec['automountServiceAccountToken'];
    const saAutomount = saObject?.raw['automountServiceAccountToken'];
    const automount =
      typeof podAutomount === 'boolean' ? podAutomount : typeof saAutomount === 'boolean' ? saAutomount : true;
    const token = automount ? 'automount' : hasProjectedToken(spec) ? 'projected' : undefined;

    const hostPaths = new Map<string, string>();
    for (const v of arrayField(spec, 'volumes') ?? []) {
      if (!isJsonObject(v)) continue;
      const path = stringField(objectField(v, 'hostPath'), 'path');
      const name = stringField(v, 'name');
      if (path !== undefined && name) hostPaths.set(name, normalisePath(path));
    }
    const podSc = objectField(spec, 'securityContext');
    const podUnconfined = stringField(objectField(podSc, 'appArmorProfile'), 'type') === 'Unconfined';
    const containers: ContainerInfo[] = w.template.containers.map((c) => {
      const sc = objectField(c.raw, 'securityContext');
      const privileged = sc?.['privileged'] === true;
      const profile = stringField(objectField(sc, 'appArmorProfile'), 'type');
      const annotation = w.template.annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`];
      const mounts: MountInfo[] = [];
      for (const m of arrayField(c.raw, 'volumeMounts') ?? []) {
        if (!isJsonObject(m)) continue;
        const volume = stringField(m, 'name') ?? '';
        const mount: MountInfo = {
          volume,
          mountPath: stringField(m, 'mountPath') ?? '',
          readOnly: m['readOnly'] === true,
        };
        const hp = hostPaths.get(volume);
        if (hp !== undefined) mount.hostPath = hp;
        mounts.push(mount);
      }
      const info: ContainerInfo = {
        name: c.name,
        list:
          c.type === 'initContainer'
            ? 'initContainers'
            : c.type === 'ephemeralContainer'
              ? 'ephemeralContainers'
              : 'containers',
        privileged,
        caps: capsOf(sc),
        appArmorUnconfined:
          privileged ||
          profile === 'Unconfined' ||
          (profile === undefined && podUnconfined) ||
          annotation === 'unconfined',
        mounts,
      };
      const user = numberField(sc, 'runAsUser') ?? numberField(podSc, 'runAsUser');
      if (user !== undefined) info.runAsUser = user;
      return info;
    });

    let nodes: string[];
    if (this.inventory.nodes.length === 0) nodes = [ANY_NODE];
    else {
      const known = new Set<string>();
      for (const p of w.pods) if (p.nodeName) known.add(this.nodeIdByName.get(p.nodeName) ?? `Node:${p.nodeName}`);
      if (known.size > 0) nodes = [...known];
      else {
        const ds = w.kind === 'DaemonSet';
        nodes = [];
        this.inventory.nodes.forEach((n, i) => {
          if (schedulable(spec, n, ds)) nodes.push(this.nodeIds[i]!);
        });
      }
    }
    const selector = stringMap(objectField(objectField(w.object?.raw, 'spec'), 'selector'), 'matchLabels');
    const info: WorkloadInfo = {
      workload: w,
      id: w.id,
      namespace: w.namespace,
      spec,
      hostPID: spec['hostPID'] === true,
      hostIPC: spec['hostIPC'] === true,
      hostNetwork: spec['hostNetwork'] === true,
      serviceAccount: sa,
      serviceAccountId: saId,
      containers,
      nodes,
      selector: Object.keys(selector).length > 0 ? selector : w.template.labels,
    };
    if (token) info.token = token;
    if (w.object) {
      info.ref = { apiVersion: w.object.apiVersion, kind: w.object.kind, namespace: w.namespace, name: w.object.name };
    }
    return info;
  }
}
