import { apk } from './apk.js';
import { dpkg } from './dpkg.js';
import { gem } from './gem.js';
import { go } from './go.js';
import { maven } from './maven.js';
import { pep440 } from './pep440.js';
import { rpm } from './rpm.js';
import { npm, semver } from './semver.js';
import type { VersionScheme } from './types.js';

export type { VersionScheme } from './types.js';
export { apk, dpkg, gem, go, maven, npm, pep440, rpm, semver };

/** Every scheme by id. */
export const schemes: Record<string, VersionScheme> = { apk, dpkg, gem, go, maven, npm, pep440, rpm, semver };

/**
 * The ordering of an OSV ecosystem (`Debian:12`, `Alpine:v3.19`, `npm`, `PyPI`, `Maven`, `Go`, `crates.io`, ...),
 * by the part before the first colon. Unknown ecosystems get `undefined`: their ECOSYSTEM ranges cannot be
 * evaluated, only explicit `versions` lists.
 */
export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':')[0]!.toLowerCase();
  switch (base) {
    case 'debian':
    case 'ubuntu':
      return dpkg;
    case 'alpine':
    case 'wolfi':
    case 'chainguard':
      return apk;
    case 'red hat':
    case 'rocky linux':
    case 'almalinux':
    case 'suse':
    case 'opensuse':
    case 'mageia':
    case 'openeuler':
    case 'azure linux':
      return rpm;
    case 'npm':
      return npm;
    case 'pypi':
      return pep440;
    case 'maven':
      return maven;
    case 'go':
      return go;
    case 'rubygems':
      return gem;
    case 'crates.io':
    case 'hex':
    case 'pub':
      return semver;
    default:
      return undefined;
  }
}
