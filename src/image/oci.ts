import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** OCI image spec and Docker Image Manifest V2 (schema 2) shapes, and the choice of a manifest in an index. */
export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface Index {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
}

/** The parts of the image config (OCI image-spec config.md) the scanner reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[];
    Cmd?: string[];
    ExposedPorts?: Record<string, unknown>;
    Labels?: Record<string, string>;
    WorkingDir?: string;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: { created_by?: string; empty_layer?: boolean }[];
}

/** Where blobs come from: a registry, an OCI layout, an archive. Every read is verified against its digest. */
export interface BlobSource {
  /** Reads a small blob (manifest, index, config) whole, verifying its digest. */
  read(desc: Pick<Descriptor, 'digest' | 'size'> & { mediaType?: string }): Promise<Buffer>;
  /** Opens a blob (a layer) as a stream; the caller verifies the digest as it consumes it (see `DigestCheck`). */
  open(desc: Descriptor): Promise<Readable>;
}

/** Small JSON documents are capped: a manifest or config over this is refused. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

export function verifyDigest(data: Buffer, digest: string): void {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' && alg !== 'sha512') throw new Error(`unsupported digest algorithm in ${digest}`);
  const actual = createHash(alg).update(data).digest('hex');
  if (actual !== hex) throw new Error(`digest mismatch: expected ${digest}, got ${alg}:${actual}`);
}

export function isIndex(mediaType: string | undefined, doc: { manifests?: unknown }): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList || Array.isArray(doc.manifests);
}

/** `linux/arm64/v8` → platform. */
export function parsePlatform(s: string): Platform {
  const [os, architecture, variant] = s.split('/');
  if (!os || !architecture) throw new Error(`invalid platform ${s} (expected os/arch[/variant])`);
  const p: Platform = { os, architecture };
  if (variant) p.variant = variant;
  return p;
}

export function formatPlatform(p: Platform | undefined): string {
  if (!p) return '';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The default platform when an index offers several and none was asked for: this machine's, on Linux. */
export function hostPlatform(): Platform {
  const arch = (
    { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<
      string,
      string
    >
  )[process.arch];
  return { os: 'linux', architecture: arch ?? process.arch };
}

/**
 * Picks the manifest for a platform from an index, as containerd's platform matcher does: same os and
 * architecture, and the variant if one was asked for (arm64 without a variant means v8). Attestation manifests
 * (`unknown/unknown`) are never picked.
 */
export function selectManifest(index: Index, platform: Platform | undefined): Descriptor {
  const manifests = index.manifests.filter(
    (m) => m.platform?.os !== 'unknown' && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
  if (manifests.length === 0) throw new Error('the image index lists no manifests');
  const want = platform ?? hostPlatform();
  const norm = (p: Platform) => ({
    ...p,
    variant: p.variant ?? (p.architecture === 'arm64' ? 'v8' : p.architecture === 'arm' ? 'v7' : undefined),
  });
  const w = norm(want);
  const hit = manifests.find((m) => {
    if (!m.platform) return false;
    const p = norm(m.platform);
    return p.os === w.os && p.architecture === w.architecture && (!platform?.variant || p.variant === w.variant);
  });
  if (hit) return hit;
  if (!platform && manifests.length === 1) return manifests[0]!;
  const offered = manifests.map((m) => formatPlatform(m.platform) || m.digest).join(', ');
  throw new Error(`no manifest for platform ${formatPlatform(want)} in the image index (it has: ${offered})`);
}

export interface ResolvedImage {
  manifestDigest: string;
  manifest: Manifest;
  config: ImageConfig;
  configDigest: string;
  /** Set when the image came from an index. */
  indexDigest?: string;
  platform?: Platform;
}

/** Follows an index (or nested indexes) down to one image manifest and reads its config. */
export async function resolveManifest(
  blobs: BlobSource,
  root: Buffer,
  rootDigest: string,
  platform: Platform | undefined,
): Promise<ResolvedImage> {
  let doc = JSON.parse(root.toString('utf8')) as Manifest & Index;
  let digest = rootDigest;
  let indexDigest: string | undefined;
  let chosen: Platform | undefined;
  for (let depth = 0; isIndex(doc.mediaType, doc); depth++) {
    if (depth > 4) throw new Error('image indexes nested too deeply');
    indexDigest ??= digest;
    const desc = selectManifest(doc, platform);
    chosen = desc.platform;
    const data = await blobs.read(desc);
    doc = JSON.parse(data.toString('utf8')) as Manifest & Index;
    digest = desc.digest;
  }
  if (!doc.config || !Array.isArray(doc.layers)) throw new Error(`${digest}: not an image manifest`);
  const configData = await blobs.read(doc.config);
  const config = JSON.parse(configData.toString('utf8')) as ImageConfig;
  const r: ResolvedImage = { manifestDigest: digest, manifest: doc, config, configDigest: doc.config.digest };
  if (indexDigest) r.indexDigest = indexDigest;
  const p =
    chosen ?? (config.os && config.architecture ? { os: config.os, architecture: config.architecture } : undefined);
  if (p) r.platform = p;
  return r;
}
