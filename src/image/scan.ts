import { existsSync } from 'node:fs';
import { catalogImage, type CatalogOptions, type ImageInventory } from './catalog.js';
import { parsePlatform } from './oci.js';
import type { RegistryOptions } from './registry.js';
import { openImage } from './source.js';
import type { Match, OsInfo, Package } from './types.js';
import { severityRank, type AttackVector, type Severity } from './vulndb/cvss.js';
import { matchPackages } from './vulndb/match.js';
import { defaultDbPath, VulnStore } from './vulndb/store.js';

export interface ImageScanOptions extends CatalogOptions {
  /** `os/arch[/variant]` for multi-platform images. */
  platform?: string;
  registry?: RegistryOptions;
  /** The vulnerability database: a path, an open store, or false to catalog only. Default: defaultDbPath(). */
  db?: string | VulnStore | false;
}

export interface ImageScan {
  inventory: ImageInventory;
  matches: Match[];
  /** Set when no database was available (matching skipped). */
  dbMissing?: string;
}

/** Opens, catalogs and matches one image. */
export async function scanImage(input: string, options: ImageScanOptions = {}): Promise<ImageScan> {
  const opened = await openImage(input, {
    ...(options.platform ? { platform: parsePlatform(options.platform) } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const inventory = await catalogImage(opened, options);
  if (options.db === false) return { inventory, matches: [] };
  let store: VulnStore;
  let owned = false;
  if (options.db instanceof VulnStore) {
    store = options.db;
  } else {
    const file = options.db ?? defaultDbPath();
    if (!existsSync(file)) return { inventory, matches: [], dbMissing: file };
    store = new VulnStore(file, { readonly: true });
    owned = true;
  }
  try {
    return { inventory, matches: matchPackages(store, inventory.packages, inventory.os) };
  } finally {
    if (owned) store.close();
  }
}

/** What the attack graph needs of an image (issue 8 part 7): packages and vulnerabilities, network-reachable or not. */
export interface ImageVulnerabilities {
  image: string;
  digest?: string;
  os?: OsInfo;
  /** The user the image runs as (`config.User`; empty means root). */
  user?: string;
  packages: Pick<Package, 'type' | 'name' | 'version' | 'purl' | 'location'>[];
  vulnerabilities: {
    id: string;
    aliases: string[];
    severity: Severity;
    score?: number;
    attackVector?: AttackVector;
    /** CVSS attack vector Network: exploitable over the network. */
    network: boolean;
    package: string;
    installedVersion: string;
    fixedVersions: string[];
    status: 'fixed' | 'unfixed';
  }[];
  /** Set when the image could not be read; the others are still returned. */
  error?: string;
}

/**
 * For each image reference: its packages and matched vulnerabilities, with the CVSS attack vector and the fixed
 * versions. Images are scanned one after another (each holds at most one layer's entry in memory at a time); an
 * image that fails yields an `error`, not an exception. The database is opened once for all of them.
 */
export async function scanImages(refs: string[], options: ImageScanOptions = {}): Promise<ImageVulnerabilities[]> {
  let db = options.db;
  let opened: VulnStore | undefined;
  if (db === undefined || typeof db === 'string') {
    const file = db ?? defaultDbPath();
    if (existsSync(file)) {
      opened = new VulnStore(file, { readonly: true });
      db = opened;
    } else db = false;
  }
  const out: ImageVulnerabilities[] = [];
  try {
    for (const image of refs) {
      try {
        const scan = await scanImage(image, { ...options, db });
        out.push(summarize(image, scan));
      } catch (e) {
        out.push({ image, packages: [], vulnerabilities: [], error: (e as Error).message });
      }
    }
  } finally {
    opened?.close();
  }
  return out;
}

function summarize(image: string, scan: ImageScan): ImageVulnerabilities {
  const inv = scan.inventory;
  const r: ImageVulnerabilities = {
    image,
    packages: inv.packages.map((p) => ({
      type: p.type,
      name: p.name,
      version: p.version,
      purl: p.purl,
      location: p.location,
    })),
    vulnerabilities: scan.matches
      .filter((m) => !m.suppressed)
      .map((m) => {
        const v: ImageVulnerabilities['vulnerabilities'][number] = {
          id: m.vulnerability.id,
          aliases: m.vulnerability.aliases,
          severity: m.vulnerability.severity,
          network: m.vulnerability.attackVector === 'network',
          package: m.package.purl,
          installedVersion: m.package.version,
          fixedVersions: m.fixedVersions,
          status: m.status,
        };
        if (m.vulnerability.score !== undefined) v.score = m.vulnerability.score;
        if (m.vulnerability.attackVector) v.attackVector = m.vulnerability.attackVector;
        return v;
      }),
  };
  if (inv.source.digest) r.digest = inv.source.digest;
  if (inv.os) r.os = inv.os;
  if (inv.source.user !== undefined) r.user = inv.source.user;
  return r;
}

/** Matches kept by --severity and --ignore-unfixed, most severe first. */
export function filterMatches(
  matches: Match[],
  options: { severities?: Severity[]; ignoreUnfixed?: boolean },
): Match[] {
  return matches
    .filter((m) => !options.severities || options.severities.includes(m.vulnerability.severity))
    .filter((m) => !options.ignoreUnfixed || m.status === 'fixed')
    .sort(
      (a, b) =>
        severityRank(b.vulnerability.severity) - severityRank(a.vulnerability.severity) ||
        (b.vulnerability.score ?? 0) - (a.vulnerability.score ?? 0) ||
        a.vulnerability.id.localeCompare(b.vulnerability.id) ||
        a.package.name.localeCompare(b.package.name),
    );
}

/** Whether any unsuppressed match is at or above the threshold. */
export function failsOn(matches: Match[], threshold: Severity): boolean {
  const t = severityRank(threshold);
  return matches.some((m) => !m.suppressed && severityRank(m.vulnerability.severity) >= t && t > 0);
}
