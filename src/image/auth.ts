import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCKER_HUB } from './reference.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** An identity token (OAuth2 refresh token) some registries hand out instead of a password. */
  identityToken?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

/** The keys config.json may use for a registry (`https://index.docker.io/v1/` for Docker Hub). */
function candidates(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', DOCKER_HUB];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

/**
 * The credentials Docker would use for a registry: a credential helper (`credHelpers`, `credsStore`, run as
 * `docker-credential-NAME get`), else `auths` in config.json. Undefined for anonymous access.
 */
export function credentialsFor(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(dockerConfigPath(env), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const keys = candidates(registry);
  const helper = keys.map((k) => config.credHelpers?.[k]).find((h) => h) ?? config.credsStore;
  if (helper) {
    const fromHelper = runHelper(helper, keys[0]!);
    if (fromHelper) return fromHelper;
  }
  for (const k of keys) {
    const entry = config.auths?.[k];
    if (!entry) continue;
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  }
  return undefined;
}

function runHelper(helper: string, server: string): Credentials | undefined {
  const r = spawnSync(`docker-credential-${helper}`, ['get'], { input: server, encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0 || !r.stdout) return undefined;
  try {
    const v = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
    if (!v.Secret) return undefined;
    if (v.Username === '<token>') return { identityToken: v.Secret };
    return { username: v.Username ?? '', password: v.Secret };
  } catch {
    return undefined;
  }
}
