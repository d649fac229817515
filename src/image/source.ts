import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { LayerInfo } from './layers.js';
import {
  MAX_JSON_BYTES,
  formatPlatform,
  resolveManifest,
  verifyDigest,
  type BlobSource,
  type Descriptor,
  type ImageConfig,
  type Index,
  type Platform,
} from './oci.js';
import { parseReference } from './reference.js';
import { RegistryClient, type RegistryOptions } from './registry.js';
import { TarIndex } from './tarindex.js';

export type SourceKind = 'oci-layout' | 'oci-archive' | 'docker-archive' | 'rootfs' | 'registry';

export interface SourceLayer {
  info: LayerInfo;
  size: number;
  open(): Promise<Readable>;
}

/** An image opened from any of the supported sources, its layers not yet read. */
export interface OpenedImage {
  kind: SourceKind;
  /** The input as given. */
  input: string;
  /** The manifest digest (absent for a root folder). */
  digest?: string;
  indexDigest?: string;
  platform?: string;
  config?: ImageConfig;
  /** Tags the source names (docker save's RepoTags, the OCI ref.name annotation, the reference's tag). */
  tags: string[];
  /** `registry/repository` for a registry image. */
  repository?: string;
  layers: SourceLayer[];
  /** For a root folder: its path. */
  rootfs?: string;
}

export interface OpenOptions {
  platform?: Platform;
  registry?: RegistryOptions;
  /**
   * `registry`: the input is a registry reference even if a file by that name exists (image names taken from pod
   * specs must never open local paths); `local`: a path only. Default: a path when one exists, else a reference.
   */
  from?: 'registry' | 'local';
}

const REF_NAME = 'org.opencontainers.image.ref.name';

/**
 * Opens an image: an OCI image layout folder (`DIR` or `DIR:tag`), an unpacked root folder, a `docker save`
 * archive, an OCI archive (`FILE` or `FILE:tag`), or else a registry reference pulled over the Distribution API.
 */
export async function openImage(input: string, options: OpenOptions = {}): Promise<OpenedImage> {
  const local = options.from === 'registry' ? undefined : splitLocal(input);
  if (!local && options.from === 'local') throw new Error(`${input}: no such file or folder`);
  if (local) {
    const { file, tag } = local;
    const st = statSync(file);
    if (st.isDirectory()) {
      if (existsSync(path.join(file, 'oci-layout')))
        return openLayout(input, new DirBlobs(file), tag, options, 'oci-layout');
      return { kind: 'rootfs', input, tags: [], layers: [], rootfs: file };
    }
    const index = new TarIndex(file);
    if (index.get('manifest.json') && !tag) return openDockerArchive(input, index);
    if (index.get('oci-layout') && index.get('index.json')) {
      return openLayout(input, new TarBlobs(index), tag, options, 'oci-archive');
    }
    if (index.get('manifest.json')) return openDockerArchive(input, index);
    throw new Error(`${file}: neither a docker save archive nor an OCI archive (no manifest.json or oci-layout)`);
  }
  return openRegistry(input, options);
}

/** A local path, possibly with `:tag` after it; undefined when nothing by that name exists. */
function splitLocal(input: string): { file: string; tag?: string } | undefined {
  if (existsSync(input)) return { file: input };
  const colon = input.lastIndexOf(':');
  if (colon > 0 && existsSync(input.slice(0, colon)) && !input.slice(colon + 1).includes('/')) {
    return { file: input.slice(0, colon), tag: input.slice(colon + 1) };
  }
  return undefined;
}

class DirBlobs implements BlobSource {
  constructor(private readonly root: string) {}
  private file(digest: string): string {
    const [alg, hex] = digest.split(':');
    if (!alg || !hex || !/^[a-f0-9]+$/.test(hex) || !/^[a-z0-9]+$/.test(alg))
      throw new Error(`invalid digest ${digest}`);
    return path.join(this.root, 'blobs', alg, hex);
  }
  async read(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer> {
    const f = this.file(desc.digest);
    if (statSync(f).size > MAX_JSON_BYTES) throw new Error(`${desc.digest}: too large for a manifest or config`);
    const data = readFileSync(f);
    verifyDigest(data, desc.digest);
    return data;
  }
  async open(desc: Descriptor): Promise<Readable> {
    return createReadStream(this.file(desc.digest));
  }
  index(): Buffer {
    return readFileSync(path.join(this.root, 'index.json'));
  }
}

class TarBlobs implements BlobSource {
  constructor(private readonly tar: TarIndex) {}
  private name(digest: string): string {
    const [alg, hex] = digest.split(':');
    if (!alg || !hex || !/^[a-f0-9]+$/.test(hex)) throw new Error(`invalid digest ${digest}`);
    return `blobs/${alg}/${hex}`;
  }
  async read(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer> {
    const data = this.tar.read(this.name(desc.digest), MAX_JSON_BYTES);
    verifyDigest(data, desc.digest);
    return data;
  }
  async open(desc: Descriptor): Promise<Readable> {
    return this.tar.open(this.name(desc.digest));
  }
  index(): Buffer {
    return this.tar.read('index.json', MAX_JSON_BYTES);
  }
}

async function openLayout(
  input: string,
  blobs: DirBlobs | TarBlobs,
  tag: string | undefined,
  options: OpenOptions,
  kind: SourceKind,
): Promise<OpenedImage> {
  const index = JSON.parse(blobs.index().toString('utf8')) as Index;
  let candidates = index.manifests;
  if (tag) {
    candidates = candidates.filter((m) => m.annotations?.[REF_NAME] === tag);
    if (candidates.length === 0) throw new Error(`${input}: no image tagged ${tag} in the layout`);
  }
  // several entries in one layout: one multi-platform set (each with a platform), or the caller must name a tag
  const names = new Set(candidates.map((m) => m.annotations?.[REF_NAME] ?? ''));
  const multiPlatform = candidates.length > 1 && candidates.every((m) => m.platform) && names.size === 1;
  if (candidates.length > 1 && !multiPlatform) {
    const list = candidates.map((m) => m.annotations?.[REF_NAME] ?? m.digest).join(', ');
    throw new Error(`${input}: the layout holds several images (${list}): name one as ${input}:TAG`);
  }
  const resolved = multiPlatform
    ? await resolveManifest(
        blobs,
        Buffer.from(JSON.stringify({ ...index, manifests: candidates })),
        '',
        options.platform,
      )
    : await resolveManifest(blobs, await blobs.read(candidates[0]!), candidates[0]!.digest, options.platform);
  const diffIds = resolved.config.rootfs?.diff_ids ?? [];
  const image: OpenedImage = {
    kind,
    input,
    digest: resolved.manifestDigest,
    config: resolved.config,
    tags: [...names].filter((n) => n !== ''),
    layers: resolved.manifest.layers.map((d, i) => layerOf(blobs, d, i, diffIds[i])),
  };
  if (resolved.indexDigest) image.indexDigest = resolved.indexDigest;
  if (resolved.platform) image.platform = formatPlatform(resolved.platform);
  return image;
}

function layerOf(blobs: BlobSource, d: Descriptor, index: number, diffId: string | undefined): SourceLayer {
  const info: LayerInfo = { index, digest: d.digest, mediaType: d.mediaType };
  if (diffId) info.diffId = diffId;
  return { info, size: d.size, open: () => blobs.open(d) };
}

interface DockerSaveManifest {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

async function openDockerArchive(input: string, tar: TarIndex): Promise<OpenedImage> {
  const manifests = JSON.parse(tar.read('manifest.json', MAX_JSON_BYTES).toString('utf8')) as DockerSaveManifest[];
  if (!Array.isArray(manifests) || manifests.length === 0) throw new Error(`${input}: empty manifest.json`);
  if (manifests.length > 1) throw new Error(`${input}: the archive holds ${manifests.length} images; save one`);
  const m = manifests[0]!;
  const configData = tar.read(m.Config, MAX_JSON_BYTES);
  // the config file is named after its digest (`<hex>.json` or `blobs/sha256/<hex>`)
  const hex = /([a-f0-9]{64})(?:\.json)?$/.exec(m.Config)?.[1];
  if (hex) verifyDigest(configData, `sha256:${hex}`);
  const config = JSON.parse(configData.toString('utf8')) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const image: OpenedImage = {
    kind: 'docker-archive',
    input,
    tags: m.RepoTags ?? [],
    config,
    layers: m.Layers.map((name, index) => {
      const layerHex = /blobs\/sha256\/([a-f0-9]{64})$/.exec(name)?.[1];
      const diffId = diffIds[index];
      const info: LayerInfo = {
        index,
        digest: layerHex ? `sha256:${layerHex}` : (diffId ?? `archive:${name}`),
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar',
      };
      if (diffId) info.diffId = diffId;
      return { info, size: tar.get(name)?.size ?? 0, open: async () => tar.open(name) };
    }),
  };
  if (hex) image.digest = `sha256:${hex}`;
  if (config.os && config.architecture) image.platform = `${config.os}/${config.architecture}`;
  return image;
}

async function openRegistry(input: string, options: OpenOptions): Promise<OpenedImage> {
  const ref = parseReference(input);
  const client = new RegistryClient(ref, options.registry);
  const root = await client.manifest();
  const resolved = await resolveManifest(client, root.data, root.digest, options.platform);
  const diffIds = resolved.config.rootfs?.diff_ids ?? [];
  const image: OpenedImage = {
    kind: 'registry',
    input,
    digest: resolved.manifestDigest,
    config: resolved.config,
    tags: ref.tag ? [`${ref.registry}/${ref.repository}:${ref.tag}`] : [],
    repository: `${ref.registry}/${ref.repository}`,
    layers: resolved.manifest.layers.map((d, i) => layerOf(client, d, i, diffIds[i])),
  };
  if (resolved.indexDigest) image.indexDigest = resolved.indexDigest;
  if (resolved.platform) image.platform = formatPlatform(resolved.platform);
  return image;
}
