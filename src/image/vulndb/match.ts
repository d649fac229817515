import { compareGo } from '../versions/go.js';
import { schemeForEcosystem, semver, type VersionScheme } from '../versions/index.js';
import type { Match, OsInfo, Package, Vulnerability } from '../types.js';
import { ecosystemBase, type OsvEvent, type OsvRange } from './osv.js';
import type { AffectedRow, VulnStore } from './store.js';

export interface RangeVerdict {
  affected: boolean;
  /** The nearest `fixed` event above the version, in the range that affects it. */
  fixed?: string;
}

/**
 * Evaluates one OSV range as the OSV schema specifies: events sorted by version (`introduced: "0"` first), the
 * version affected from an `introduced` at or below it until a `fixed` at or below it or a `last_affected` below
 * it; `limit` events bound the range (the version must be below one of them, `*` meaning no limit).
 */
export function evaluateRange(version: string, events: OsvEvent[], compare: (a: string, b: string) => number) {
  const limits = events.filter((e) => e.limit !== undefined).map((e) => e.limit!);
  if (limits.length > 0 && !limits.some((l) => l === '*' || compare(version, l) < 0)) return { affected: false };
  const key = (e: OsvEvent) => e.introduced ?? e.fixed ?? e.last_affected ?? '';
  const sorted = events
    .filter((e) => e.limit === undefined && key(e) !== '')
    .sort((a, b) => {
      const za = a.introduced === '0';
      const zb = b.introduced === '0';
      if (za || zb) return za === zb ? 0 : za ? -1 : 1;
      return compare(key(a), key(b));
    });
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || compare(version, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (compare(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (compare(version, e.last_affected) > 0) affected = false;
    }
  }
  const verdict: RangeVerdict = { affected };
  if (affected) {
    const fixed = sorted.find((e) => e.fixed !== undefined && compare(e.fixed, version) > 0);
    if (fixed) verdict.fixed = fixed.fixed!;
  }
  return verdict;
}

/** The comparison an OSV range of this type uses in this ecosystem. */
export function comparatorFor(range: OsvRange, ecosystem: string): VersionScheme | undefined {
  if (range.type === 'SEMVER') {
    return ecosystemBase(ecosystem) === 'go' ? { id: 'go', compare: compareGo } : semver;
  }
  if (range.type === 'ECOSYSTEM') return schemeForEcosystem(ecosystem);
  return undefined;
}

/** Whether `version` is affected by one `affected[]` entry: explicit versions, then every ECOSYSTEM/SEMVER range. */
export function affectsVersion(version: string, row: Pick<AffectedRow, 'ecosystem' | 'ranges' | 'versions'>) {
  const scheme = schemeForEcosystem(row.ecosystem);
  const fixed = new Set<string>();
  let affected = false;
  const eq = (a: string, b: string) => a === b || (scheme !== undefined && scheme.compare(a, b) === 0);
  if (row.versions.some((v) => eq(v, version))) affected = true;
  for (const range of row.ranges) {
    const cmp = comparatorFor(range, row.ecosystem);
    if (!cmp) continue;
    const verdict = evaluateRange(version, range.events, cmp.compare);
    if (verdict.affected) {
      affected = true;
      if (verdict.fixed) fixed.add(verdict.fixed);
    }
  }
  return { affected, fixed: [...fixed] };
}

/** The OSV ecosystem names (`Debian:12`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`) an operating system's packages use. */
export function distroEcosystem(osInfo: OsInfo | undefined): { base: string; release?: string } | undefined {
  if (!osInfo) return undefined;
  const v = osInfo.versionId;
  const major = v?.split('.')[0];
  const id = osInfo.id.toLowerCase();
  const like = osInfo.like ?? [];
  switch (id) {
    case 'debian':
      return major ? { base: 'Debian', release: major } : { base: 'Debian' };
    case 'ubuntu':
      return v ? { base: 'Ubuntu', release: v } : { base: 'Ubuntu' };
    case 'alpine': {
      const mm = v?.split('.').slice(0, 2).join('.');
      return mm ? { base: 'Alpine', release: `v${mm}` } : { base: 'Alpine' };
    }
    case 'rhel':
    case 'centos':
      return major ? { base: 'Red Hat', release: major } : { base: 'Red Hat' };
    case 'rocky':
      return major ? { base: 'Rocky Linux', release: major } : { base: 'Rocky Linux' };
    case 'almalinux':
      return major ? { base: 'AlmaLinux', release: major } : { base: 'AlmaLinux' };
    case 'wolfi':
      return { base: 'Wolfi' };
    case 'chainguard':
      return { base: 'Chainguard' };
    case 'opensuse-leap':
    case 'opensuse-tumbleweed':
    case 'sles':
      return { base: 'SUSE' };
    default:
      if (like.includes('debian')) return { base: 'Debian' };
      if (like.includes('alpine')) return { base: 'Alpine' };
      if (like.includes('rhel') || like.includes('fedora')) return { base: 'Red Hat' };
      return undefined;
  }
}

/**
 * Whether an advisory's ecosystem (`Debian:12`, `Ubuntu:Pro:22.04:LTS`, `Red Hat:enterprise_linux:8::appstream`)
 * covers a package of this release: the same base, and the release among its parts (or no release on either side).
 */
export function releaseMatches(advisoryEcosystem: string, release: string | undefined): boolean {
  const parts = advisoryEcosystem
    .split(':')
    .slice(1)
    .filter((p) => p !== '');
  if (parts.length === 0 || release === undefined) return true;
  const r = release.replace(/^v/, '');
  return parts.some((p) => p.replace(/^v/, '') === r || p.replace(/^v/, '').startsWith(`${r}.`));
}

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

/** The (ecosystem base, name, version) keys an advisory may name a package by. */
function keys(pkg: Package): { name: string; version: string }[] {
  if (!OS_TYPES.has(pkg.type)) return [{ name: pkg.name, version: pkg.version }];
  const version = pkg.type === 'rpm' && pkg.epoch && pkg.epoch !== '0' ? `${pkg.epoch}:${pkg.version}` : pkg.version;
  const out = [{ name: pkg.source?.name ?? pkg.name, version: pkg.source?.version ?? version }];
  // rpm advisories may name binary packages; dpkg and apk advisories name source packages only
  if (pkg.type === 'rpm' && pkg.source && pkg.source.name !== pkg.name) out.push({ name: pkg.name, version });
  return out;
}

/** Matches packages against the store; `release` is the distribution release for OS packages. */
export function matchPackages(store: VulnStore, packages: Package[], osInfo?: OsInfo): Match[] {
  const distro = distroEcosystem(osInfo);
  const matches: Match[] = [];
  const cache = new Map<string, AffectedRow[]>();
  for (const pkg of packages) {
    const isOs = OS_TYPES.has(pkg.type);
    const base = ecosystemBase(isOs && distro ? distro.base : pkg.ecosystem);
    const seen = new Set<string>();
    for (const k of keys(pkg)) {
      const ck = `${base}\u0000${k.name}`;
      let rows = cache.get(ck);
      if (!rows) {
        rows = store.affectedFor(base, k.name);
        cache.set(ck, rows);
      }
      // several affected[] entries of one record (one per branch) make one match with every fixed version
      const byVuln = new Map<string, { row: AffectedRow; fixed: Set<string> }>();
      for (const row of rows) {
        if (isOs && !releaseMatches(row.ecosystem, distro?.release)) continue;
        const verdict = affectsVersion(k.version, row);
        if (!verdict.affected) continue;
        const entry = byVuln.get(row.vulnId) ?? { row, fixed: new Set<string>() };
        for (const f of verdict.fixed) entry.fixed.add(f);
        byVuln.set(row.vulnId, entry);
      }
      for (const [id, { row, fixed }] of byVuln) {
        if (seen.has(id)) continue;
        seen.add(id);
        const v = store.vuln(id);
        if (!v) continue;
        const vulnerability: Vulnerability = {
          id: v.id,
          aliases: v.aliases,
          severity: row.severity ?? v.severity,
          cvss: row.cvss ?? v.cvss,
        };
        const score = row.score ?? v.score;
        if (score !== undefined) vulnerability.score = score;
        const preferred = preferredCvss(vulnerability.cvss);
        if (preferred?.attackVector) vulnerability.attackVector = preferred.attackVector;
        if (v.summary) vulnerability.summary = v.summary;
        if (v.published) vulnerability.published = v.published;
        if (v.modified) vulnerability.modified = v.modified;
        if (v.references.length > 0) vulnerability.references = v.references;
        const fixedVersions = [...fixed];
        matches.push({
          vulnerability,
          package: pkg,
          version: k.version,
          advisory: { ecosystem: row.ecosystem, name: row.name },
          status: fixedVersions.length > 0 ? 'fixed' : 'unfixed',
          fixedVersions,
        });
      }
    }
  }
  return matches;
}

function preferredCvss(cvss: Vulnerability['cvss']) {
  const order = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'];
  return [...cvss].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))[0];
}
