/** Image references as the runtime resolves them: registry, repository, tag and digest. */

export interface ImageRef {
  /** `docker.io` when the reference names none. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const name = at < 0 ? reference : reference.slice(0, at);
  const digest = at < 0 ? undefined : reference.slice(at + 1);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const first = path.split('/')[0] ?? '';
  const hasRegistry = path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const repository = hasRegistry ? path.slice(first.length + 1) : path.includes('/') ? path : `library/${path}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Pinned to content: a digest, whatever the tag says. */
export function isDigestPinned(ref: ImageRef): boolean {
  return ref.digest !== undefined && /^sha256:[0-9a-f]{64}$|^sha512:[0-9a-f]{128}$/.test(ref.digest);
}

/** A tag that moves: none (defaults to latest) or `latest`. */
export function hasMutableTag(ref: ImageRef): boolean {
  return !isDigestPinned(ref) && (ref.tag === undefined || ref.tag === 'latest');
}
