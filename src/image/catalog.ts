import path from 'node:path';
import { catalogers as allCatalogers, type Cataloger, type CatalogResult } from './catalogers/index.js';
import {
  applyLayer,
  DEFAULT_LIMITS,
  ImageFilesystem,
  type EntryVisitor,
  type FileEntry,
  type LayerInfo,
  type LayerLimits,
  type LayerWarning,
} from './layers.js';
import { OS_RELEASE_PATHS, parseOsRelease } from './os.js';
import { finalizePackage } from './purl.js';
import { walkRootfs } from './rootfs.js';
import { secretScanner, type SecretFinding, type SecretScanner } from './secrets.js';
import type { OpenedImage } from './source.js';
import type { OsInfo, Package } from './types.js';

export interface CatalogOptions {
  limits?: Partial<LayerLimits>;
  catalogers?: readonly Cataloger[];
  /** The secret scanner, or false for none (default: the built-in detector). */
  secrets?: SecretScanner | false;
}

export interface ImageInventory {
  source: {
    kind: OpenedImage['kind'];
    input: string;
    digest?: string;
    indexDigest?: string;
    platform?: string;
    tags: string[];
    repository?: string;
    layers: { digest: string; size: number }[];
    user?: string;
  };
  os?: OsInfo;
  packages: Package[];
  secrets: SecretFinding[];
  warnings: LayerWarning[];
}

interface Parsed {
  cataloger: string;
  result: CatalogResult;
}

/**
 * Reads an image's layers once, in order, and catalogs the squashed filesystem: the OS, every package each
 * cataloger finds in files still present at the end, minus language packages whose files an OS package owns;
 * secrets are reported per layer (a secret deleted by a later layer is still in the image).
 */
export async function catalogImage(image: OpenedImage, options: CatalogOptions = {}): Promise<ImageInventory> {
  const limits: LayerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const catalogers = options.catalogers ?? allCatalogers;
  const secrets = options.secrets === false ? undefined : (options.secrets ?? secretScanner());
  const fs = new ImageFilesystem();
  const parsed = new Map<string, Parsed[]>();
  const osFiles = new Map<string, string>();
  const secretFindings: SecretFinding[] = [];
  const warnings: LayerWarning[] = [];
  const visitor: EntryVisitor = {
    wants(e: FileEntry) {
      if (OS_RELEASE_PATHS.includes(e.path)) return true;
      if (catalogers.some((c) => c.matches(e.path, e.mode, e.size))) return true;
      return secrets?.wants(e.path, e.size) ?? false;
    },
    onFile(e, content, layer: LayerInfo) {
      if (OS_RELEASE_PATHS.includes(e.path)) osFiles.set(e.path, content.toString('utf8'));
      const results: Parsed[] = [];
      for (const c of catalogers) {
        if (!c.matches(e.path, e.mode, e.size)) continue;
        try {
          results.push({ cataloger: c.id, result: c.parse({ path: e.path, content, mode: e.mode, size: e.size }) });
        } catch (err) {
          warnings.push({ layer: layer.digest, path: e.path, message: `${c.id}: ${(err as Error).message}` });
        }
      }
      if (results.length > 0) parsed.set(e.path, results);
      else parsed.delete(e.path);
      if (secrets?.wants(e.path, e.size))
        secretFindings.push(...secrets.scan(content, e.path, layer.digest, layer.index));
    },
    onRemove(p) {
      parsed.delete(p);
      osFiles.delete(p);
    },
    onHardlink(e, target) {
      const r = parsed.get(target);
      if (!r) return;
      const relocate = (loc: string) =>
        loc === target ? e.path : loc.startsWith(`${target}!`) ? e.path + loc.slice(target.length) : loc;
      parsed.set(
        e.path,
        r.map(({ cataloger, result }) => ({
          cataloger,
          result: { ...result, packages: result.packages.map((p) => ({ ...p, location: relocate(p.location) })) },
        })),
      );
    },
  };
  if (image.kind === 'rootfs') {
    walkRootfs(image.rootfs!, fs, visitor, limits, warnings);
  } else {
    for (const layer of image.layers) {
      const stream = await layer.open();
      await applyLayer(fs, stream, layer.info, visitor, limits, warnings);
    }
  }
  // the OS: /etc/os-release (often a link to ../usr/lib/os-release), resolved inside the image only
  let osInfo: OsInfo | undefined;
  for (const p of OS_RELEASE_PATHS) {
    const resolved = fs.resolve(p);
    if (resolved === undefined) {
      warnings.push({ path: p, message: 'symbolic link pointing outside the image: not followed' });
      continue;
    }
    const text = osFiles.get(resolved);
    if (text !== undefined) {
      osInfo = parseOsRelease(text);
      if (osInfo) break;
    }
  }
  // OS package databases: owned files, then the packages
  const owned = new Set<string>();
  const ownedBy = new Map<string, string[]>();
  for (const results of parsed.values()) {
    for (const { result } of results) {
      for (const o of result.owned ?? []) {
        for (const f of o.files) owned.add(f);
        ownedBy.set(o.name, [...(ownedBy.get(o.name) ?? []), ...o.files]);
      }
    }
  }
  const packages: Package[] = [];
  const seen = new Set<string>();
  for (const [p, results] of [...parsed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // a file present at the end of the walk only (removed files were dropped from `parsed`)
    if (!fs.entries.has(p)) continue;
    for (const { cataloger, result } of results) {
      for (const found of result.packages) {
        const isOs = found.type === 'deb' || found.type === 'apk' || found.type === 'rpm';
        if (!isOs && isOwned(found.location, owned)) continue;
        const pkg = finalizePackage(found, cataloger, osInfo);
        if (isOs) {
          const files = ownedBy.get(found.name);
          if (files && files.length > 0) pkg.files = files;
        }
        const key = `${pkg.purl}\u0000${pkg.location}`;
        if (seen.has(key)) continue;
        seen.add(key);
        packages.push(pkg);
      }
    }
  }
  const inventory: ImageInventory = {
    source: {
      kind: image.kind,
      input: image.input,
      tags: image.tags,
      layers: image.layers.map((l) => ({ digest: l.info.digest, size: l.size })),
    },
    packages,
    secrets: secretFindings,
    warnings,
  };
  if (image.digest) inventory.source.digest = image.digest;
  if (image.indexDigest) inventory.source.indexDigest = image.indexDigest;
  if (image.platform) inventory.source.platform = image.platform;
  if (image.repository) inventory.source.repository = image.repository;
  if (image.config?.config?.User !== undefined) inventory.source.user = image.config.config.User;
  if (osInfo) inventory.os = osInfo;
  return inventory;
}

/** Whether a language package's metadata (or, for nested archives, the outer file) belongs to an OS package. */
function isOwned(location: string, owned: Set<string>): boolean {
  const file = location.split('!')[0]!;
  if (owned.has(file)) return true;
  const dir = path.posix.dirname(file);
  // *.dist-info and *.egg-info directories: the database lists the files inside, and sometimes the directory
  return /\.(dist|egg)-info$/.test(dir) && owned.has(dir);
}
