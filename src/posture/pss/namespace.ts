import type { Level } from './types.js';
import { isLevel, isPolicyVersion, type PolicyVersion } from './version.js';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export type Mode = 'enforce' | 'audit' | 'warn';
export const MODES: readonly Mode[] = ['enforce', 'audit', 'warn'];

export interface LevelVersion {
  level: Level;
  version: PolicyVersion;
}

export type NamespacePolicy = Record<Mode, LevelVersion>;

/** A label that could not be parsed, worded like upstream's field error. */
export interface LabelError {
  label: string;
  value: string;
  message: string;
}

/** The admission plugin's defaults when no AdmissionConfiguration says otherwise: privileged:latest everywhere. */
export const DEFAULT_POLICY: NamespacePolicy = {
  enforce: { level: 'privileged', version: 'latest' },
  audit: { level: 'privileged', version: 'latest' },
  warn: { level: 'privileged', version: 'latest' },
};

/**
 * Reads a namespace's pod-security.kubernetes.io labels as upstream api.PolicyToEvaluate does. A missing label keeps
 * the default. An invalid level is `restricted` for enforce (fail closed) and `privileged` for audit and warn (fail
 * open); an invalid version is `latest`. Either way the label is reported in `errors`.
 */
export function policyToEvaluate(
  labels: Readonly<Record<string, string>>,
  defaults: NamespacePolicy = DEFAULT_POLICY,
): { policy: NamespacePolicy; errors: LabelError[] } {
  const policy: NamespacePolicy = {
    enforce: { ...defaults.enforce },
    audit: { ...defaults.audit },
    warn: { ...defaults.warn },
  };
  const errors: LabelError[] = [];
  for (const mode of MODES) {
    const levelLabel = LABEL_PREFIX + mode;
    const level = labels[levelLabel];
    if (level !== undefined) {
      if (isLevel(level)) {
        policy[mode].level = level;
      } else {
        policy[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
        errors.push({ label: levelLabel, value: level, message: 'must be one of privileged, baseline, restricted' });
      }
    }
    const versionLabel = `${levelLabel}-version`;
    const version = labels[versionLabel];
    if (version !== undefined) {
      if (isPolicyVersion(version)) {
        policy[mode].version = version;
      } else {
        policy[mode].version = 'latest';
        errors.push({ label: versionLabel, value: version, message: 'must be "latest" or "v1.x"' });
      }
    }
  }
  return { policy, errors };
}

/** `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of ...` */
export function labelErrorMessage(error: LabelError): string {
  return `metadata.labels[${error.label}]: Invalid value: ${JSON.stringify(error.value)}: ${error.message}`;
}
