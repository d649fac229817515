/** Small helpers several checks share. */

import type { JsonObject } from '../../inventory/json.js';
import { objectField, stringField } from '../../inventory/json.js';
import type { CheckContext } from '../context.js';
import { effective, isWindows, strings, type ContainerSite } from '../workload.js';

/** Every container of every workload that is not a Windows pod (the Linux-only controls). */
export function linuxSites(ctx: CheckContext): ContainerSite[] {
  return ctx.index.memo('linuxSites', () => ctx.index.allSites().filter((site) => !isWindows(site.workload)));
}

/** `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`: the runtime accepts either spelling. */
export function capabilityName(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

export function capabilities(site: ContainerSite): { add: string[]; drop: string[] } {
  const caps = objectField(site.sc, 'capabilities');
  return { add: strings(caps?.['add']).map(capabilityName), drop: strings(caps?.['drop']).map(capabilityName) };
}

export function isPrivileged(site: ContainerSite): boolean {
  return site.sc?.['privileged'] === true;
}

/** The pod runs in a user namespace: root in the container is not root on the node. */
export function usesUserNamespace(site: ContainerSite): boolean {
  return site.workload.template.spec['hostUsers'] === false;
}

/** The type of a seccompProfile / appArmorProfile field, if set. */
export function profileType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? stringField(value as JsonObject, 'type')
    : undefined;
}

export function effectiveProfile(site: ContainerSite, field: 'seccompProfile' | 'appArmorProfile'): string | undefined {
  return profileType(effective(site, field));
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `a, b and c` */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
