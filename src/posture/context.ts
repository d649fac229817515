/**
 * What a check sees: the inventory, indexes built once per analysis (objects by kind and namespace, workloads by
 * namespace, each workload's containers), its options from the config file, and `report`.
 */

import type { JsonValue } from '../inventory/json.js';
import type { Inventory, KubeObject, SourceLocation, Workload } from '../inventory/types.js';
import type { ReportObjectRef } from '../report/model.js';
import type { Report } from './check.js';
import type { PostureConfig } from './config.js';
import { containerSites, type ContainerSite } from './workload.js';

/** The apiVersion of a controller named only by a dump's ownerReferences (no object to read it from). */
const CONTROLLER_API_VERSION: Record<string, string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
  ReplicationController: 'v1',
};

export function isWorkload(target: Workload | KubeObject): target is Workload {
  return 'template' in target && 'pods' in target;
}

/** The report's reference to a finding's object. */
export function refOf(target: Workload | KubeObject): ReportObjectRef {
  if (isWorkload(target)) {
    const object = target.object;
    return {
      apiVersion:
        object?.apiVersion ??
        CONTROLLER_API_VERSION[target.kind] ??
        target.pods[0]?.object.ownerReferences[0]?.apiVersion ??
        'v1',
      kind: target.kind,
      namespace: target.namespace,
      name: target.name,
    };
  }
  return {
    apiVersion: target.apiVersion,
    kind: target.kind,
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    name: target.name,
  };
}

export function sourceOf(target: Workload | KubeObject): SourceLocation {
  return target.source;
}

/** Indexes shared by every check of one analysis. */
export class PostureIndex {
  readonly inventory: Inventory;
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byKindNamespace = new Map<string, KubeObject[]>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private sitesCache: ContainerSite[] | undefined;
  private readonly customResourceNamespaces = new Set<string>();
  private readonly byKindGroups = new Map<string, KubeObject[]>();
  private readonly memos = new Map<string, unknown>();
  private readonly sitesByWorkload = new Map<Workload, ContainerSite[]>();

  constructor(inventory: Inventory) {
    this.inventory = inventory;
    for (const object of inventory.objects) {
      push(this.byKind, object.kind, object);
      if (object.namespace !== undefined) push(this.byKindNamespace, `${object.kind}\u0000${object.namespace}`, object);
    }
    for (const workload of inventory.workloads) push(this.workloadsByNamespace, workload.namespace, workload);
    for (const object of inventory.objects) {
      if (object.namespace !== undefined && !object.implied && isCustomResource(object)) {
        this.customResourceNamespaces.add(object.namespace);
      }
    }
  }

  /** Objects of a kind (any API group unless `groups` narrows it), in input order. */
  objects(kind: string, groups?: readonly string[]): KubeObject[] {
    const all = this.byKind.get(kind) ?? [];
    if (!groups) return all;
    const key = `${kind}\u0000${groups.join(',')}`;
    let filtered = this.byKindGroups.get(key);
    if (!filtered) {
      filtered = all.filter((o) => groups.includes(o.group));
      this.byKindGroups.set(key, filtered);
    }
    return filtered;
  }

  /** Memoizes a derived list (e.g. the Linux containers) for the other checks of this analysis. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Objects of a kind in one namespace. */
  objectsIn(kind: string, namespace: string): KubeObject[] {
    return this.byKindNamespace.get(`${kind}\u0000${namespace}`) ?? [];
  }

  workloadsIn(namespace: string): Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** Every namespace that holds a workload, sorted. */
  workloadNamespaces(): string[] {
    return [...this.workloadsByNamespace.keys()].sort();
  }

  sites(workload: Workload): ContainerSite[] {
    let sites = this.sitesByWorkload.get(workload);
    if (!sites) {
      sites = containerSites(workload);
      this.sitesByWorkload.set(workload, sites);
    }
    return sites;
  }

  /** Every container of every workload. */
  allSites(): ContainerSite[] {
    this.sitesCache ??= this.inventory.workloads.flatMap((w) => this.sites(w));
    return this.sitesCache;
  }

  /**
   * Whether pods in the namespace may come from objects the inventory cannot expand (operators' custom resources,
   * such as a Prometheus or an Alertmanager): checks that look for objects selecting no pods stay quiet there.
   */
  mayHaveUnseenPods(namespace: string): boolean {
    return this.customResourceNamespaces.has(namespace);
  }
}

function isCustomResource(object: KubeObject): boolean {
  return object.group !== '' && !/(^|\.)k8s\.io$/.test(object.group) && !BUILT_IN_GROUPS.has(object.group);
}

const BUILT_IN_GROUPS = new Set(['apps', 'batch', 'policy', 'autoscaling', 'extensions']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface CheckContext {
  readonly inventory: Inventory;
  readonly index: PostureIndex;
  /** This check's `options` from the config file (empty when none). */
  readonly options: Readonly<Record<string, JsonValue>>;
  /** The whole configuration (exceptions included), for the checks about the configuration itself. */
  readonly config: PostureConfig;
  /** Every check id of the catalogue. */
  readonly checkIds: ReadonlySet<string>;
  /** The analysis clock: exceptions expire against it. */
  readonly now: Date;
  report(report: Report): void;
}
