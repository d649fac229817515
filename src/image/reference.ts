/** Image references as Docker and the Distribution spec write them: `[registry/]repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host (with port): `registry-1.docker.io` for Docker Hub. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference as the user wrote it. */
  original: string;
}

export const DOCKER_HUB = 'registry-1.docker.io';

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Parses a reference; throws on one that is not valid (bad repository names, bad digests). */
export function parseReference(ref: string): ImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error(`invalid digest in image reference: ${ref}`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`invalid tag in image reference: ${ref}`);
  }
  let registry = DOCKER_HUB;
  const first = rest.split('/')[0]!;
  let repository = rest;
  if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(first.length + 1);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!repository.split('/').every((c) => REPO_COMPONENT.test(c))) {
    throw new Error(`invalid repository name in image reference: ${ref}`);
  }
  const r: ImageReference = { registry, repository, original: ref };
  if (tag) r.tag = tag;
  if (digest) r.digest = digest;
  if (!tag && !digest) r.tag = 'latest';
  return r;
}

/** Whether a registry host is the local machine (spoken to over plain HTTP unless told otherwise, as Docker does). */
export function isLocalRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '');
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.startsWith('127.');
}
