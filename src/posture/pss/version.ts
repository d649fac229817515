import { DEFAULT_REGISTRY } from './registry.js';
import { LEVELS, type Level } from './types.js';

/** A policy version as the namespace labels and the CLI name it: `latest` or `v1.<minor>`. */
export type PolicyVersion = 'latest' | `v1.${number}`;

/** Upstream api.ParseVersion's pattern: no leading zeros, major 1 only. */
const VERSION = /^v1\.([0-9]|[1-9][0-9]*)$/;

export function isPolicyVersion(value: string): value is PolicyVersion {
  return value === 'latest' || VERSION.test(value);
}

/** The policy minor a version evaluates as: `latest` and versions past the newest defined one are the newest. */
export function resolveMinor(version: PolicyVersion, registry = DEFAULT_REGISTRY): number {
  if (version === 'latest') return registry.maxMinor;
  return Math.min(Number(version.slice(3)), registry.maxMinor);
}

/** `v1.37` for `latest` (today), `v1.37` for `v1.40`: the version whose checks actually run. */
export function resolvedVersion(version: PolicyVersion, registry = DEFAULT_REGISTRY): PolicyVersion {
  return `v1.${resolveMinor(version, registry)}`;
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** Every defined policy version, oldest first (v1.0 … the newest). */
export function policyVersions(registry = DEFAULT_REGISTRY): PolicyVersion[] {
  return Array.from({ length: registry.maxMinor + 1 }, (_, minor): PolicyVersion => `v1.${minor}`);
}
