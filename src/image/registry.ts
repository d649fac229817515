import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { credentialsFor, type Credentials } from './auth.js';
import { MEDIA, MAX_JSON_BYTES, verifyDigest, type BlobSource, type Descriptor } from './oci.js';
import { isLocalRegistry, type ImageReference } from './reference.js';

const ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ');

export interface RegistryOptions {
  credentials?: Credentials;
  /** Plain HTTP (default: only for localhost registries). */
  plainHttp?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Per request, in milliseconds (default 60 s). */
  timeoutMs?: number;
}

/**
 * A client of the OCI Distribution API v2 for one repository: anonymous, Basic and Bearer-token
 * authentication (the token flow of the Docker token spec: the `WWW-Authenticate` challenge names the realm,
 * service and scope), manifests of every media type, blobs verified against their digests.
 */
export class RegistryClient implements BlobSource {
  private readonly base: string;
  private authHeader: string | undefined;
  private readonly credentials: Credentials | undefined;
  private readonly timeoutMs: number;

  constructor(
    readonly ref: ImageReference,
    options: RegistryOptions = {},
  ) {
    const plain = options.plainHttp ?? isLocalRegistry(ref.registry);
    this.base = `${plain ? 'http' : 'https'}://${ref.registry}/v2/${ref.repository}`;
    this.credentials = options.credentials ?? credentialsFor(ref.registry, options.env);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** GET with the authentication dance: on 401, answer the challenge once and retry. */
  private async get(url: string, accept?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (accept) headers.accept = accept;
    let res = await this.fetch(url, headers);
    if (res.status === 401) {
      const challenge = res.headers.get('www-authenticate') ?? '';
      await res.body?.cancel();
      this.authHeader = await this.answer(challenge);
      res = await this.fetch(url, headers);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 300);
      throw new Error(`${this.ref.registry}: GET ${new URL(url).pathname}: HTTP ${res.status} ${body}`.trim());
    }
    return res;
  }

  private fetch(url: string, headers: Record<string, string>): Promise<Response> {
    const h = { ...headers };
    if (this.authHeader) h.authorization = this.authHeader;
    return fetch(url, { headers: h, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
  }

  private async answer(challenge: string): Promise<string> {
    const scheme = challenge.split(' ')[0]!.toLowerCase();
    const params: Record<string, string> = {};
    for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
    const c = this.credentials;
    const basic = c?.username !== undefined ? Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64') : '';
    if (scheme === 'basic') {
      if (!basic) throw new Error(`${this.ref.registry}: authentication required (no credentials in docker config)`);
      return `Basic ${basic}`;
    }
    if (scheme === 'bearer') {
      if (!params.realm) throw new Error(`${this.ref.registry}: bearer challenge without a realm`);
      const url = new URL(params.realm);
      if (params.service) url.searchParams.set('service', params.service);
      url.searchParams.set('scope', params.scope ?? `repository:${this.ref.repository}:pull`);
      let res: Response;
      if (c?.identityToken) {
        const body = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: c.identityToken,
          service: params.service ?? '',
          scope: params.scope ?? `repository:${this.ref.repository}:pull`,
          client_id: 'chokepoint',
        });
        res = await fetch(params.realm, { method: 'POST', body, signal: AbortSignal.timeout(this.timeoutMs) });
      } else {
        const headers: Record<string, string> = basic ? { authorization: `Basic ${basic}` } : {};
        res = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
      }
      if (!res.ok) throw new Error(`${this.ref.registry}: token request failed: HTTP ${res.status}`);
      const t = (await res.json()) as { token?: string; access_token?: string };
      const token = t.token ?? t.access_token;
      if (!token) throw new Error(`${this.ref.registry}: token response without a token`);
      return `Bearer ${token}`;
    }
    throw new Error(`${this.ref.registry}: unsupported authentication challenge: ${challenge || '(none)'}`);
  }

  /** The manifest or index the reference names, verified against the digest (the reference's or the registry's). */
  async manifest(): Promise<{ data: Buffer; digest: string; mediaType: string }> {
    const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
    const res = await this.get(`${this.base}/manifests/${reference}`, ACCEPT);
    const data = await readCapped(res, MAX_JSON_BYTES);
    const computed = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const expected = this.ref.digest ?? res.headers.get('docker-content-digest') ?? computed;
    verifyDigest(data, expected);
    const mediaType = res.headers.get('content-type')?.split(';')[0] ?? '';
    return { data, digest: expected, mediaType };
  }

  async read(desc: Pick<Descriptor, 'digest' | 'size'> & { mediaType?: string }): Promise<Buffer> {
    if (desc.size > MAX_JSON_BYTES) throw new Error(`${desc.digest}: ${desc.size} bytes is too large for a manifest`);
    // manifests of an index live under /manifests, configs under /blobs
    const manifest =
      desc.mediaType !== undefined && (ACCEPT.includes(desc.mediaType) || desc.mediaType.includes('manifest'));
    const res = manifest
      ? await this.get(`${this.base}/manifests/${desc.digest}`, ACCEPT)
      : await this.get(`${this.base}/blobs/${desc.digest}`);
    const data = await readCapped(res, MAX_JSON_BYTES);
    verifyDigest(data, desc.digest);
    return data;
  }

  async open(desc: Descriptor): Promise<Readable> {
    const res = await this.get(`${this.base}/blobs/${desc.digest}`);
    if (!res.body) throw new Error(`${desc.digest}: empty response`);
    return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }
}

async function readCapped(res: Response, max: number): Promise<Buffer> {
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > max) throw new Error(`response of ${len} bytes is larger than ${max}`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > max) throw new Error(`response of ${data.length} bytes is larger than ${max}`);
  return data;
}
