import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { appArmorProfile } from './checks/appArmorProfile.js';
import { capabilitiesBaseline } from './checks/capabilitiesBaseline.js';
import { capabilitiesRestricted } from './checks/capabilitiesRestricted.js';
import { hostNamespaces } from './checks/hostNamespaces.js';
import { hostPathVolumes } from './checks/hostPathVolumes.js';
import { hostPorts } from './checks/hostPorts.js';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount } from './checks/procMount.js';
import { procMountRestricted } from './checks/procMountRestricted.js';
import { restrictedVolumes } from './checks/restrictedVolumes.js';
import { runAsNonRoot } from './checks/runAsNonRoot.js';
import { runAsUser } from './checks/runAsUser.js';
import { seccompProfileBaseline } from './checks/seccompProfileBaseline.js';
import { seccompProfileRestricted } from './checks/seccompProfileRestricted.js';
import { seLinuxOptions } from './checks/seLinuxOptions.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windowsHostProcess.js';
import { goCompare } from './helpers.js';
import type { CheckPodFn, Level, PssCheck, VersionedCheck } from './types.js';

/** Every check of the standard; adding a check is adding its file and a line here. */
export const PSS_CHECKS: readonly PssCheck[] = [
  privileged,
  hostNamespaces,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  procMount,
  seLinuxOptions,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  appArmorProfile,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  seccompProfileRestricted,
  capabilitiesRestricted,
  runAsUser,
  procMountRestricted,
];

export interface RegisteredCheck {
  id: string;
  /** The level the check belongs to: baseline checks also run at restricted (unless overridden). */
  level: Exclude<Level, 'privileged'>;
  checkPod: CheckPodFn;
}

/** The checks one level and policy version runs, in upstream order, with their ids. */
export type CheckTable = readonly RegisteredCheck[];

/**
 * A registry built like upstream's policy/registry.go: for each policy minor from 1.0 to the newest one any check
 * names, each check's newest revision at or below it; at restricted, the baseline checks minus the ones an active
 * restricted revision overrides. Results come in upstream's order: baseline ids sorted, then restricted ids sorted.
 */
export class PssRegistry {
  /** The newest policy minor any check defines; `latest` and newer versions evaluate as this one. */
  readonly maxMinor: number;
  private readonly baseline: CheckTable[] = [];
  private readonly restricted: CheckTable[] = [];

  constructor(readonly checks: readonly PssCheck[]) {
    validate(checks);
    this.maxMinor = Math.max(...checks.map((c) => c.versions[c.versions.length - 1]!.minimumMinor));
    const baselineIds = checks
      .filter((c) => c.level === 'baseline')
      .map((c) => c.id)
      .sort(goCompare);
    const restrictedIds = checks
      .filter((c) => c.level === 'restricted')
      .map((c) => c.id)
      .sort(goCompare);
    const ordered = [...baselineIds, ...restrictedIds];
    const byId = new Map(checks.map((c) => [c.id, c]));
    for (let minor = 0; minor <= this.maxMinor; minor++) {
      const active = new Map<string, VersionedCheck>();
      for (const check of checks) {
        const revision = revisionAt(check, minor);
        if (revision) active.set(check.id, revision);
      }
      const overridden = new Set<string>();
      for (const [id, revision] of active) {
        if (byId.get(id)!.level === 'restricted') for (const o of revision.overrides ?? []) overridden.add(o);
      }
      const entry = (id: string): RegisteredCheck => ({
        id,
        level: byId.get(id)!.level,
        checkPod: active.get(id)!.checkPod,
      });
      this.baseline[minor] = ordered.filter((id) => active.has(id) && byId.get(id)!.level === 'baseline').map(entry);
      this.restricted[minor] = ordered
        .filter((id) => active.has(id) && !(byId.get(id)!.level === 'baseline' && overridden.has(id)))
        .map(entry);
    }
  }

  /** The checks `level` runs at policy minor `minor` (clamped to maxMinor, like upstream). */
  checksFor(level: Level, minor: number): CheckTable {
    if (level === 'privileged') return [];
    const at = Math.min(Math.max(0, Math.floor(minor)), this.maxMinor);
    return (level === 'baseline' ? this.baseline : this.restricted)[at]!;
  }

  /** The ids of the checks that replace `id` at restricted and policy minor `minor` (e.g. procMount → procMount_restricted). */
  overridesOf(id: string, minor: number): string[] {
    const at = Math.min(Math.max(0, Math.floor(minor)), this.maxMinor);
    return this.checks
      .filter((c) => c.level === 'restricted' && (revisionAt(c, at)?.overrides ?? []).includes(id))
      .map((c) => c.id);
  }

  check(id: string): PssCheck | undefined {
    return this.checks.find((c) => c.id === id);
  }
}

function revisionAt(check: PssCheck, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const revision of check.versions) if (revision.minimumMinor <= minor) found = revision;
  return found;
}

/** The rules upstream's validateChecks enforces, so that a badly added check fails at load, not silently. */
function validate(checks: readonly PssCheck[]): void {
  const ids = new Map<string, PssCheck>();
  for (const check of checks) {
    if (ids.has(check.id)) throw new Error(`multiple checks registered for ID ${check.id}`);
    ids.set(check.id, check);
    if (check.versions.length === 0) throw new Error(`check ${check.id}: empty`);
    let previous = -1;
    for (const revision of check.versions) {
      if (!Number.isInteger(revision.minimumMinor) || revision.minimumMinor <= previous) {
        throw new Error(`check ${check.id}: versions must be strictly increasing`);
      }
      previous = revision.minimumMinor;
      if (revision.overrides?.length && check.level !== 'restricted') {
        throw new Error(`check ${check.id}: only restricted checks may set overrides`);
      }
    }
  }
  for (const check of checks) {
    for (const revision of check.versions) {
      for (const o of revision.overrides ?? []) {
        const target = ids.get(o);
        if (target && target.level !== 'baseline')
          throw new Error(`check ${check.id}: overrides restricted check ${o}`);
      }
    }
  }
}

/** The registry of the standard as upstream defines it. */
export const DEFAULT_REGISTRY = new PssRegistry(PSS_CHECKS);
