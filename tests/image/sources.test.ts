import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { catalogImage } from '../../src/image/catalog.js';
import { parsePlatform } from '../../src/image/oci.js';
import { parseReference } from '../../src/image/reference.js';
import { openImage, type OpenOptions } from '../../src/image/source.js';
import { tempTree } from '../helpers.js';
import { realDpkgStatus } from './fixtures.js';
import { addIndex, requireTool, skopeoCopy, startRegistry, umociLayout, type Registry } from './tools.js';

/**
 * The same small image read from every kind of source: a root folder, an OCI layout built by umoci, a docker save
 * archive and an OCI archive written by skopeo, and a real registry (Debian's docker-registry, basic auth) —
 * including a multi-platform index — plus bearer-token authentication against a spec-following stand-in.
 */
let registry: Registry;
let rootAmd: string;
let layout: string;
let dockerConfig: string;

function imageTree(marker: string): string {
  const root = tempTree({
    'usr/lib/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    'var/lib/dpkg/status': realDpkgStatus(30),
    'app/node_modules/express/package.json': JSON.stringify({ name: 'express', version: '4.17.1' }),
    [`app/node_modules/${marker}/package.json`]: JSON.stringify({ name: marker, version: '1.0.0' }),
    'usr/lib/python3/dist-packages/requests-2.19.0.dist-info/METADATA':
      'Metadata-Version: 2.1\nName: requests\nVersion: 2.19.0\n',
    'app/.env': 'GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz\n',
  });
  mkdirSync(path.join(root, 'etc'));
  symlinkSync('../usr/lib/os-release', path.join(root, 'etc/os-release'));
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  copyFileSync(requireTool('docker-registry'), path.join(root, 'usr/bin/registry'));
  chmodSync(path.join(root, 'usr/bin/registry'), 0o755);
  return root;
}

async function purls(input: string, options: OpenOptions = {}) {
  const inv = await catalogImage(await openImage(input, options));
  return { inv, purls: inv.packages.map((p) => `${p.purl} ${p.location}`).sort() };
}

before(async () => {
  requireTool('umoci');
  requireTool('skopeo');
  rootAmd = imageTree('amd-only');
  const rootArm = imageTree('arm-only');
  layout = umociLayout([
    { tag: 'v1', root: rootAmd, arch: 'amd64' },
    { tag: 'arm', root: rootArm, arch: 'arm64' },
  ]);
  addIndex(layout, 'multi', ['v1', 'arm']);
  registry = await startRegistry();
  dockerConfig = tempTree({
    'config.json': JSON.stringify({
      auths: { [registry.host]: { auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64') } },
    }),
  });
});

after(async () => {
  await registry?.stop();
});

test('an OCI layout, a docker save archive, an OCI archive and the root folder catalog alike', async () => {
  const fromRoot = await purls(rootAmd);
  assert.equal(fromRoot.inv.os?.versionId, '12');
  assert.ok(
    fromRoot.inv.packages.some((p) => p.name === 'stdlib' && p.type === 'golang'),
    'the Go binary',
  );
  assert.ok(fromRoot.inv.packages.filter((p) => p.type === 'deb').length >= 30);
  const fromLayout = await purls(`${layout}:v1`);
  assert.deepEqual(fromLayout.purls, fromRoot.purls);
  assert.equal(fromLayout.inv.source.kind, 'oci-layout');
  assert.equal(fromLayout.inv.source.user, '1000');
  const dir = tempTree({});
  const docker = path.join(dir, 'docker.tar');
  const oci = path.join(dir, 'oci.tar');
  skopeoCopy(`oci:${layout}:v1`, `docker-archive:${docker}:test/app:v1`);
  skopeoCopy(`oci:${layout}:v1`, `oci-archive:${oci}:v1`);
  const fromDocker = await purls(docker);
  assert.equal(fromDocker.inv.source.kind, 'docker-archive');
  assert.deepEqual(fromDocker.inv.source.tags, ['docker.io/test/app:v1']);
  assert.deepEqual(fromDocker.purls, fromRoot.purls);
  const fromOci = await purls(oci);
  assert.equal(fromOci.inv.source.kind, 'oci-archive');
  assert.deepEqual(fromOci.purls, fromRoot.purls);
  // secrets: kind, place and fingerprint, never the value
  const s = fromLayout.inv.secrets;
  assert.deepEqual(
    s.map((x) => [x.kind, x.path, x.line]),
    [['github-token', '/app/.env', 1]],
  );
  assert.match(s[0]!.fingerprint, /^[0-9a-f]{12}$/);
  assert.ok(!JSON.stringify(fromLayout.inv).includes('ghp_0123456789'));
  // a layout with several images needs a tag
  await assert.rejects(openImage(layout), /several images/);
});

test('a real registry with basic auth: credentials from DOCKER_CONFIG, digests verified, by tag and by digest', async () => {
  skopeoCopy(`oci:${layout}:v1`, `docker://${registry.host}/team/app:v1`, registry);
  const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
  const pulled = await purls(`${registry.host}/team/app:v1`, { registry: { env } });
  assert.equal(pulled.inv.source.kind, 'registry');
  assert.deepEqual(pulled.purls, (await purls(rootAmd)).purls);
  const digest = pulled.inv.source.digest!;
  const byDigest = await purls(`${registry.host}/team/app@${digest}`, { registry: { env } });
  assert.equal(byDigest.inv.source.digest, digest);
  // a Docker Image Manifest V2, Schema 2 (skopeo converts on the way in)
  skopeoCopy(`oci:${layout}:v1`, `docker://${registry.host}/team/app:docker`, registry, false, 'v2s2');
  const docker = await purls(`${registry.host}/team/app:docker`, { registry: { env } });
  assert.deepEqual(docker.purls, pulled.purls);
  assert.notEqual(docker.inv.source.digest, digest);
  // anonymous: refused with a clear message
  await assert.rejects(
    openImage(`${registry.host}/team/app:v1`, { registry: { env: { ...process.env, DOCKER_CONFIG: tempTree({}) } } }),
    /authentication required/,
  );
  // a digest that does not match what the registry serves
  const wrong = `sha256:${'0'.repeat(64)}`;
  await assert.rejects(openImage(`${registry.host}/team/app@${wrong}`, { registry: { env } }), /404|digest/);
});

test('a multi-platform index from the real registry: --platform picks the manifest', async () => {
  skopeoCopy(`oci:${layout}:multi`, `docker://${registry.host}/team/multi:1`, registry, true);
  const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
  const arm = await catalogImage(
    await openImage(`${registry.host}/team/multi:1`, { platform: parsePlatform('linux/arm64'), registry: { env } }),
  );
  assert.equal(arm.source.platform, 'linux/arm64');
  assert.ok(arm.source.indexDigest);
  assert.ok(arm.packages.some((p) => p.name === 'arm-only'));
  assert.ok(!arm.packages.some((p) => p.name === 'amd-only'));
  const amd = await catalogImage(
    await openImage(`${registry.host}/team/multi:1`, { platform: parsePlatform('linux/amd64'), registry: { env } }),
  );
  assert.ok(amd.packages.some((p) => p.name === 'amd-only'));
  await assert.rejects(
    openImage(`${registry.host}/team/multi:1`, { platform: parsePlatform('linux/s390x'), registry: { env } }),
    /no manifest for platform linux\/s390x/,
  );
  // the same index in the OCI layout
  const local = await catalogImage(await openImage(`${layout}:multi`, { platform: parsePlatform('linux/arm64') }));
  assert.ok(local.packages.some((p) => p.name === 'arm-only'));
});

test('bearer-token authentication: the challenge, the token request with basic credentials, then the pull', async () => {
  const blobs = path.join(layout, 'blobs/sha256');
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: { digest: string; mediaType: string; annotations?: Record<string, string> }[];
  };
  const v1 = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === 'v1')!;
  let tokenRequests = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/token') {
      const auth = req.headers.authorization ?? '';
      const ok = auth === `Basic ${Buffer.from('bob:hunter2').toString('base64')}`;
      tokenRequests++;
      assert.equal(url.searchParams.get('scope'), 'repository:team/app:pull');
      assert.equal(url.searchParams.get('service'), 'stand-in');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify({ token: 'tok-123' }) : '{}');
      return;
    }
    if (req.headers.authorization !== 'Bearer tok-123') {
      const port = (server.address() as import('node:net').AddressInfo).port;
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="stand-in",scope="repository:team/app:pull"`,
      });
      res.end();
      return;
    }
    const m = /^\/v2\/team\/app\/(manifests|blobs)\/(.+)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const digest = m[2] === 'v1' || m[2] === 'tampered' ? v1.digest : m[2]!;
    try {
      let data = readFileSync(path.join(blobs, digest.replace('sha256:', '')));
      // a man in the middle: other bytes under the same digest
      if (m[2] === 'tampered') data = Buffer.concat([data, Buffer.from(' ')]);
      res.writeHead(200, {
        'content-type': m[1] === 'manifests' ? v1.mediaType : 'application/octet-stream',
        'docker-content-digest': digest,
      });
      res.end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as import('node:net').AddressInfo).port;
    const config = tempTree({
      'config.json': JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { username: 'bob', password: 'hunter2' } } }),
    });
    const inv = await catalogImage(
      await openImage(`127.0.0.1:${port}/team/app:v1`, {
        registry: { env: { ...process.env, DOCKER_CONFIG: config } },
      }),
    );
    assert.ok(inv.packages.some((p) => p.name === 'express'));
    assert.equal(tokenRequests, 1);
    await assert.rejects(
      openImage(`127.0.0.1:${port}/team/app:tampered`, {
        registry: { env: { ...process.env, DOCKER_CONFIG: config } },
      }),
      /digest mismatch/,
    );
  } finally {
    server.close();
  }
});

test('references: Docker Hub defaults, registries with ports, digests', () => {
  assert.deepEqual(parseReference('alpine'), {
    registry: 'registry-1.docker.io',
    repository: 'library/alpine',
    tag: 'latest',
    original: 'alpine',
  });
  assert.deepEqual(parseReference('localhost:5000/a/b:1.0'), {
    registry: 'localhost:5000',
    repository: 'a/b',
    tag: '1.0',
    original: 'localhost:5000/a/b:1.0',
  });
  const d = `sha256:${'a'.repeat(64)}`;
  assert.equal(parseReference(`ghcr.io/o/r@${d}`).digest, d);
  assert.throws(() => parseReference('UPPER/case'), /invalid repository/);
});
