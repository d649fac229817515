import type { VersionScheme } from './types.js';
import { compareSemver } from './semver.js';

/**
 * Go module versions: semantic versions with a `v` (pseudo-versions such as `v0.0.0-20210101000000-abcdef123456`
 * are pre-releases and order by their timestamp). `(devel)` and empty versions sort first. The Go toolchain's
 * `go1.21.3` and `devel go1.22-...` forms, found in build info for the standard library, become `1.21.3`.
 */
export function normalizeGo(v: string): string {
  let s = v.trim();
  if (s.startsWith('go')) s = s.slice(2);
  // go1.21rc2 → 1.21.0-rc.2, go1.21 → 1.21.0
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(s);
  if (m) return `${m[1]}.${m[2]}.${m[3] ?? '0'}${m[4] ? `-${m[4]}.${m[5]}` : ''}`;
  if (s.startsWith('v')) s = s.slice(1);
  // +incompatible is build metadata
  return s;
}

export function compareGo(a: string, b: string): number {
  const da = a === '' || a === '(devel)';
  const db = b === '' || b === '(devel)';
  if (da || db) return da && db ? 0 : da ? -1 : 1;
  return compareSemver(normalizeGo(a), normalizeGo(b));
}

export const go: VersionScheme = { id: 'go', compare: compareGo };
