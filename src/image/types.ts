/** The image room's data model (DESIGN.md §2 image/): what a cataloger finds and what matching reports. */
import type { AttackVector, CvssScore, Severity } from './vulndb/cvss.js';

/** Package types, named as package URL types are. */
export type PackageType = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven' | 'gem' | 'cargo';

export interface Package {
  /** The package URL type. */
  type: PackageType;
  /** As the package manager names it; Maven: `group:artifact`; Go: the module path (`stdlib` for the toolchain). */
  name: string;
  version: string;
  /** The OSV ecosystem base this package is matched in: `Debian`, `Ubuntu`, `Alpine`, `Red Hat`, `npm`, ... */
  ecosystem: string;
  /** The purl namespace: the distribution id for OS packages, the group for Maven, the scope for npm. */
  namespace?: string;
  /** OS packages: the source package (`Source:` for dpkg, `o:` origin for apk, SOURCERPM for rpm). */
  source?: { name: string; version?: string };
  arch?: string;
  /** rpm: the epoch, kept apart from `version` as rpm keeps it. */
  epoch?: string;
  licenses?: string[];
  /** Where the package was found: the database or metadata file, or the binary. */
  location: string;
  /** Files an OS package says it installed (absolute paths in the image). */
  files?: string[];
  /** The cataloger that found it. */
  cataloger: string;
  /** The package URL (purl-spec), qualified with arch and distro for OS packages. */
  purl: string;
}

/** The operating system of an image, from /etc/os-release. */
export interface OsInfo {
  id: string;
  versionId?: string;
  codename?: string;
  prettyName?: string;
  /** `ID_LIKE` */
  like?: string[];
}

export interface Vulnerability {
  id: string;
  aliases: string[];
  summary?: string;
  severity: Severity;
  /** The highest CVSS base score the record gives (v4 preferred over v3 over v2 for the label). */
  score?: number;
  cvss: CvssScore[];
  /** The attack vector of the preferred CVSS vector: `network` means reachable over the network. */
  attackVector?: AttackVector;
  published?: string;
  modified?: string;
  references?: string[];
}

export interface Match {
  vulnerability: Vulnerability;
  package: Package;
  /** The version compared against the advisory (the source version for distribution advisories). */
  version: string;
  /** The ecosystem and name the advisory names (`Debian:12`/`openssl`). */
  advisory: { ecosystem: string; name: string };
  /** `fixed`: a fixed version exists above the installed one; `unfixed`: none is known yet. */
  status: 'fixed' | 'unfixed';
  fixedVersions: string[];
  /** Set when an ignore file or VEX statement covers the match (it is then left out of --fail-on). */
  suppressed?: { by: 'ignorefile' | 'vex'; reason?: string };
}
