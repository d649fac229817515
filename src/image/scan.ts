import { existsSync } from 'node:fs';
import { catalogImage, type CatalogOptions, type ImageInventory } from './catalog.js';
import { parsePlatform } from './oci.js';
import type { RegistryOptions } from './registry.js';
import { openImage, type OpenOptions } from './source.js';
import type { SecretFinding } from './secrets.js';
import type { Match, OsInfo, Package } from './types.js';
import { severityRank, type AttackVector, type Severity } from './vulndb/cvss.js';
import { matchPackages } from './vulndb/match.js';
import { defaultDbPath, VulnStore } from './vulndb/store.js';

export interface ImageScanOptions extends CatalogOptions {
  /** `os/arch[/variant]` for multi-platform images. */
  platform?: string;
  registry?: RegistryOptions;
  /** Where the input is looked for (see OpenOptions.from); default: a local path when one exists, else a registry. */
  from?: OpenOptions['from'];
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
    ...(options.from ? { from: options.from } : {}),
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
    /** The package URL. */
    package: string;
    /** The package's name, as its package manager writes it. */
    packageName: string;
    /** The advisory's ecosystem (`Debian:12`, `npm`): the version ordering of `fixedVersions`. */
    ecosystem: string;
    installedVersion: string;
    fixedVersions: string[];
    status: 'fixed' | 'unfixed';
  }[];
  /** Credentials found in the layers (kind, path, layer, fingerprint; never the value). */
  secrets: SecretFinding[];
  /** Set when the image could not be read; the others are still returned. */
  error?: string;
}

/** An image to scan: its name in the results, and where it is read from when that differs (a mapped local copy). */
export type ImageTarget = string | { image: string; input: string; from?: OpenOptions['from'] };

/**
 * For each image reference: its packages and matched vulnerabilities, with the CVSS attack vector and the fixed
 * versions. At most `concurrency` images (default 1) are read at a time (each holds at most one layer's entry in
 * memory); an image that fails yields an `error`, not an exception. The database is opened once for all of them.
 * Results are in the order of `refs`.
 */
export async function scanImages(
  refs: ImageTarget[],
  options: ImageScanOptions & { concurrency?: number } = {},
): Promise<ImageVulnerabilities[]> {
  let db = options.db;
  let opened: VulnStore | undefined;
  if (db === undefined || typeof db === 'string') {
    const file = db ?? defaultDbPath();
    if (existsSync(file)) {
      opened = new VulnStore(file, { readonly: true });
      db = opened;
    } else db = false;
  }
  const out: ImageVulnerabilities[] = new Array<ImageVulnerabilities>(refs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < refs.length; i = next++) {
      const target = refs[i]!;
      const { image, input, from } = typeof target === 'string' ? { image: target, input: target } : target;
      try {
        const scan = await scanImage(input, { ...options, db, ...(from ? { from } : {}) });
        out[i] = summarize(image, scan);
      } catch (e) {
        out[i] = { image, packages: [], vulnerabilities: [], secrets: [], error: (e as Error).message };
      }
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 1, refs.length));
    await Promise.all(Array.from({ length: workers }, worker));
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
          packageName: m.package.name,
          ecosystem: m.advisory.ecosystem,
          installedVersion: m.package.version,
          fixedVersions: m.fixedVersions,
          status: m.status,
        };
        if (m.vulnerability.score !== undefined) v.score = m.vulnerability.score;
        if (m.vulnerability.attackVector) v.attackVector = m.vulnerability.attackVector;
        return v;
      }),
    secrets: inv.secrets,
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
