import type { JsonObject } from '../../../inventory/json.js';
import { ALLOWED, containers, forbidden, joinQuote, obj, pluralize, setList, str } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** The non-empty hosts of a probe's or lifecycle handler's httpGet and tcpSocket. */
function hostsOf(handler: JsonObject | undefined): string[] {
  if (!handler) return [];
  const hosts: string[] = [];
  for (const action of ['httpGet', 'tcpSocket']) {
    const actionObject = obj(handler, action);
    const host = str(actionObject, 'host');
    if (actionObject && host !== '') hosts.push(host);
  }
  return hosts;
}

/** check_hostProbesAndhostLifecycle.go (policy v1.34+): probes and lifecycle handlers must not set a host. */
export function hostProbesAndHostLifecycleV1Dot34(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const hosts: string[] = [];
  for (const c of containers(spec)) {
    const lifecycle = obj(c.raw, 'lifecycle');
    const found = [
      ...hostsOf(obj(c.raw, 'livenessProbe')),
      ...hostsOf(obj(c.raw, 'readinessProbe')),
      ...hostsOf(obj(c.raw, 'startupProbe')),
      ...hostsOf(obj(lifecycle, 'postStart')),
      ...hostsOf(obj(lifecycle, 'preStop')),
    ];
    if (found.length > 0) {
      bad.push(c.name);
      hosts.push(...found);
    }
  }
  if (bad.length === 0) return ALLOWED;
  // Upstream collects both the containers and the hosts in sets, so both come out sorted and de-duplicated.
  const badContainers = setList(bad);
  const badHosts = setList(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} ` +
      `${pluralize('uses', 'use', badContainers.length)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', badHosts.length)} ${joinQuote(badHosts)}`,
  );
}

export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  title: 'Host Probes / Lifecycle Hooks',
  remediation: 'Remove the host field from httpGet and tcpSocket probes and lifecycle handlers.',
  versions: [{ minimumMinor: 34, checkPod: hostProbesAndHostLifecycleV1Dot34 }],
};
