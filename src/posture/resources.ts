/** Container resources as admitted: the container's own, or what a LimitRange in its namespace defaults them to. */

import { arrayField, isJsonObject, objectField, stringField } from '../inventory/json.js';
import type { PostureIndex } from './context.js';
import type { ContainerSite } from './workload.js';

export interface LimitRangeDefaults {
  limits: Set<string>;
  requests: Set<string>;
}

const cache = new WeakMap<PostureIndex, Map<string, LimitRangeDefaults>>();

/** The resources a namespace's LimitRanges default for containers (`default` → limits, `defaultRequest` → requests). */
export function limitRangeDefaults(index: PostureIndex, namespace: string): LimitRangeDefaults {
  let byNamespace = cache.get(index);
  if (!byNamespace) {
    byNamespace = new Map();
    cache.set(index, byNamespace);
  }
  let defaults = byNamespace.get(namespace);
  if (!defaults) {
    defaults = { limits: new Set(), requests: new Set() };
    for (const range of index.objectsIn('LimitRange', namespace)) {
      for (const limit of arrayField(objectField(range.raw, 'spec'), 'limits') ?? []) {
        if (!isJsonObject(limit) || stringField(limit, 'type') !== 'Container') continue;
        for (const key of Object.keys(objectField(limit, 'default') ?? {})) {
          defaults.limits.add(key);
          defaults.requests.add(key); // a defaulted limit also defaults the request
        }
        for (const key of Object.keys(objectField(limit, 'defaultRequest') ?? {})) defaults.requests.add(key);
      }
    }
    byNamespace.set(namespace, defaults);
  }
  return defaults;
}

export function hasLimit(index: PostureIndex, site: ContainerSite, resource: string): boolean {
  const own = objectField(objectField(site.container.raw, 'resources'), 'limits')?.[resource];
  return (own !== undefined && own !== null) || limitRangeDefaults(index, site.workload.namespace).limits.has(resource);
}

/** A request is set, defaulted by a LimitRange, or implied by a limit (the API server copies the limit). */
export function hasRequest(index: PostureIndex, site: ContainerSite, resource: string): boolean {
  const resources = objectField(site.container.raw, 'resources');
  const own = objectField(resources, 'requests')?.[resource];
  if (own !== undefined && own !== null) return true;
  const limit = objectField(resources, 'limits')?.[resource];
  if (limit !== undefined && limit !== null) return true;
  return limitRangeDefaults(index, site.workload.namespace).requests.has(resource);
}

/**
 * The containers whose resources matter on their own: those running for the pod's life (regular containers and
 * sidecars). Init containers run one at a time before them and the pod's effective request is the larger of the
 * two, so flagging them again would report one pod twice; ephemeral containers cannot set resources.
 */
export function resourceSites(index: PostureIndex): ContainerSite[] {
  return index.allSites().filter((site) => site.longRunning);
}
