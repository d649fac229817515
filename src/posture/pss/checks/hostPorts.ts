import { isJsonObject } from '../../../inventory/json.js';
import { ALLOWED, containers, containersPhrase, forbidden, int, list, pluralize, setList } from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/** check_hostPorts.go: every hostPort must be unset or 0. */
export function hostPortsV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const c of containers(spec)) {
    const used = list(c.raw, 'ports')
      .filter(isJsonObject)
      .map((p) => int(p, 'hostPort'))
      .filter((p) => p !== 0);
    if (used.length > 0) {
      bad.push(c.name);
      ports.push(...used.map((p) => String(p)));
    }
  }
  if (bad.length === 0) return ALLOWED;
  const forbiddenPorts = setList(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('hostPort', 'hostPorts', forbiddenPorts.length)} ${forbiddenPorts.join(', ')}`,
  );
}

export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  title: 'Host Ports',
  remediation: 'Remove ports[*].hostPort (or set it to 0); expose the container through a Service instead.',
  versions: [{ minimumMinor: 0, checkPod: hostPortsV1Dot0 }],
};
