import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempTree } from '../helpers.js';

/**
 * Real components for the image tests: Debian's docker-registry (with htpasswd basic auth), umoci and skopeo.
 * They must be installed (.ci/run installs them); a missing one fails the test with the command that installs it.
 */
export const INSTALL = 'apt-get update && apt-get install -y docker-registry umoci skopeo apache2-utils';

export function requireTool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  if (r.status !== 0 || !found)
    throw new Error(`${name} is not installed; the image tests need it: ${INSTALL} (as .ci/run does)`);
  return found;
}

export function run(cmd: string, args: string[], options: { cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: options.cwd, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Registry {
  host: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** Starts docker-registry on 127.0.0.1 at a free port with htpasswd (bcrypt) basic auth; waits until it answers. */
export async function startRegistry(): Promise<Registry> {
  requireTool('docker-registry');
  requireTool('htpasswd');
  const dir = tempTree({});
  const user = 'tester';
  const password = 'correct-horse-battery';
  writeFileSync(path.join(dir, 'htpasswd'), run('htpasswd', ['-Bbn', user, password]));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    'auth:',
    '  htpasswd:',
    '    realm: chokepoint-test',
    `    path: ${path.join(dir, 'htpasswd')}`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not answer on ${host} within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    user,
    password,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A new OCI layout holding an image per tag, each built by umoci from a root folder, with its platform. */
export function umociLayout(images: { tag: string; root: string; arch?: string }[]): string {
  requireTool('umoci');
  const layout = path.join(tempTree({}), 'layout');
  run('umoci', ['init', '--layout', layout]);
  for (const img of images) {
    const ref = `${layout}:${img.tag}`;
    run('umoci', ['new', '--image', ref]);
    run('umoci', ['insert', '--image', ref, img.root, '/']);
    run('umoci', [
      'config',
      '--image',
      ref,
      '--os',
      'linux',
      '--architecture',
      img.arch ?? 'amd64',
      '--config.user',
      '1000',
    ]);
  }
  return layout;
}

/** Adds to a layout an image index (tag `tag`) over the images tagged `tags`, each with its config's platform. */
export function addIndex(layout: string, tag: string, tags: string[]): void {
  const indexPath = path.join(layout, 'index.json');
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as {
    manifests: { digest: string; size: number; mediaType: string; annotations?: Record<string, string> }[];
  };
  const blob = (digest: string) => readFileSync(path.join(layout, 'blobs/sha256', digest.slice(7)));
  const manifests = tags.map((t) => {
    const m = index.manifests.find((x) => x.annotations?.['org.opencontainers.image.ref.name'] === t)!;
    const manifest = JSON.parse(blob(m.digest).toString()) as { config: { digest: string } };
    const config = JSON.parse(blob(manifest.config.digest).toString()) as { os: string; architecture: string };
    return {
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      platform: { os: config.os, architecture: config.architecture },
    };
  });
  const data = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
  );
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  writeFileSync(path.join(layout, 'blobs/sha256', digest.slice(7)), data);
  index.manifests.push({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest,
    size: data.length,
    annotations: { 'org.opencontainers.image.ref.name': tag },
  });
  writeFileSync(indexPath, JSON.stringify(index));
}

/** skopeo copy, with credentials for a registry destination. */
export function skopeoCopy(from: string, to: string, registry?: Registry, all = false, format?: 'v2s2' | 'oci'): void {
  requireTool('skopeo');
  const args = ['copy', '--quiet'];
  if (all) args.push('--all');
  if (format) args.push('--format', format);
  if (registry) args.push('--dest-tls-verify=false', '--dest-creds', `${registry.user}:${registry.password}`);
  run('skopeo', [...args, from, to]);
}
