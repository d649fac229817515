import {
  ALLOWED,
  containers,
  containersPhrase,
  forbidden,
  isSet,
  joinQuote,
  relaxForUserNamespacePod,
  setList,
  str,
} from '../helpers.js';
import type { CheckResult, PodMetadata, PodSpec, PssCheck } from '../types.js';

/**
 * procMount must be unset or "Default" on every container, whatever hostUsers says. Upstream's procMount_1_0 (and
 * its procMount_restricted check, which re-applies the same body).
 */
export function procMountV1Dot0(_metadata: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types: string[] = [];
  for (const c of containers(spec)) {
    if (!isSet(c.securityContext, 'procMount')) continue;
    const procMount = str(c.securityContext, 'procMount');
    if (procMount !== 'Default') {
      bad.push(c.name);
      types.push(procMount);
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(setList(types))}`,
  );
}

/** Policy v1.35+: a user-namespace pod (hostUsers: false) may set any procMount at baseline. */
export function procMountV1Dot35Baseline(metadata: PodMetadata, spec: PodSpec): CheckResult {
  if (relaxForUserNamespacePod(spec)) return ALLOWED;
  return procMountV1Dot0(metadata, spec);
}

/** check_procMount_baseline.go (id `procMount`). */
export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  title: '/proc Mount Type',
  remediation:
    'Remove securityContext.procMount or set it to "Default" (from policy v1.35, baseline also allows ' +
    'other values in a pod with hostUsers: false).',
  versions: [
    { minimumMinor: 0, checkPod: procMountV1Dot0 },
    { minimumMinor: 35, checkPod: procMountV1Dot35Baseline },
  ],
};
