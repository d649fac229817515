/** One ecosystem's version ordering (DESIGN.md §2: versions/, one file per ecosystem). */
export interface VersionScheme {
  /** Stable id: `dpkg`, `apk`, `rpm`, `semver`, `npm`, `pep440`, `maven`, `go`, `gem`. */
  readonly id: string;
  /** Negative, zero or positive, as `a` sorts before, with or after `b`. Never throws. */
  compare(a: string, b: string): number;
}
