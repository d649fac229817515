import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseValidReport, runCli, tempTree } from '../helpers.js';
import { prng, randomString } from '../posture/fake-credentials.js';
import { skopeoCopy, startRegistry, umociLayout, type Registry } from '../image/tools.js';

/**
 * `chokepoint scan --images` end to end on the built CLI: one image from an image map (an umoci OCI layout), one
 * pulled from a real registry with basic auth (docker-registry, credentials from DOCKER_CONFIG), one that does not
 * exist; an OSV database imported with `chokepoint db import`.
 */

const REMOTE = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const osv = (id: string, pkg: string, fixed: string) =>
  JSON.stringify({
    schema_version: '1.6.0',
    id,
    modified: '2024-05-01T00:00:00Z',
    aliases: [],
    severity: [{ type: 'CVSS_V3', score: REMOTE }],
    affected: [
      {
        package: { ecosystem: 'npm', name: pkg },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
  });

// A fake, pattern-valid GitHub token planted in a layer: it must be found and never printed.
const token = `ghp_${randomString(prng(7), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36)}`;

const dir = tempTree({
  'osv/TEST-2024-0001.json': osv('TEST-2024-0001', 'webcore', '2.4.1'),
  'web/app/node_modules/webcore/package.json': JSON.stringify({ name: 'webcore', version: '2.4.0' }),
  'web/app/.env': `GITHUB_TOKEN=${token}\n`,
  'api/app/node_modules/webcore/package.json': JSON.stringify({ name: 'webcore', version: '2.3.0' }),
});
const db = path.join(dir, 'vuln.db');
let registry: Registry;
let dockerConfig: string;

function manifests(host: string): string {
  const deploy = (name: string, containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: ${containers}
---
`;
  return (
    deploy(
      'web',
      '[{ name: web, image: "registry.example/shop/web:1.0", ports: [{ containerPort: 8080 }], securityContext: { privileged: true } }, ' +
        '{ name: copy, image: "registry.example/shop/web:1.0" }]',
    ) +
    deploy('api', `[{ name: api, image: "${host}/shop/api:1" }]`) +
    deploy('worker', `[{ name: w, image: "${host}/shop/missing:1" }]`) +
    deploy('cron', `[{ name: c, image: "${host}/shop/missing:1" }]`) +
    `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
`
  );
}

before(async () => {
  const imported = runCli(['db', 'import', path.join(dir, 'osv'), '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  const layout = umociLayout([
    { tag: 'web', root: path.join(dir, 'web') },
    { tag: 'api', root: path.join(dir, 'api') },
  ]);
  registry = await startRegistry();
  skopeoCopy(`oci:${layout}:api`, `docker://${registry.host}/shop/api:1`, registry);
  dockerConfig = tempTree({
    'config.json': JSON.stringify({
      auths: { [registry.host]: { auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64') } },
    }),
  });
  writeFileSync(path.join(dir, 'images.yaml'), `registry.example/shop/web:1.0: ${layout}:web\n`);
  writeFileSync(path.join(dir, 'app.yaml'), manifests(registry.host));
});

after(async () => {
  await registry?.stop();
});

test('scan --images: findings on the workloads, the VULN_EXPLOIT path, an unreadable image as an input error', () => {
  const r = runCli(
    [
      'scan',
      path.join(dir, 'app.yaml'),
      '--images',
      '--image-map',
      path.join(dir, 'images.yaml'),
      '--db',
      db,
      '-f',
      'json',
    ],
    { env: { DOCKER_CONFIG: dockerConfig } },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'never the secret value');
  const report = parseValidReport(r.stdout);

  // One image could not be read: the error names it and every workload running it.
  assert.equal(report.errors.length, 1, JSON.stringify(report.errors));
  const error = report.errors[0]!;
  assert.match(
    error.message,
    new RegExp(
      `image ${registry.host}/shop/missing:1 \\(run by Deployment/shop/(cron|worker), Deployment/shop/(cron|worker)\\)`,
    ),
  );
  assert.match(error.source, /app\.yaml:\d+$/);

  // One finding per (workload, vulnerability, package): web runs the image in two containers.
  const vulns = report.findings.filter((f) => f.checkId === 'IMAGE-VULN');
  assert.deepEqual(vulns.map((f) => `${f.object.kind}/${f.object.name} ${f.severity}`).sort(), [
    'Deployment/api critical',
    'Deployment/web critical',
  ]);
  const web = vulns.find((f) => f.object.name === 'web')!;
  assert.equal(web.object.namespace, 'shop');
  assert.match(
    web.message,
    /^image registry\.example\/shop\/web:1\.0: webcore 2\.4\.0 has TEST-2024-0001 \(CVSS 9\.8, attack vector network\), fixed in 2\.4\.1$/,
  );
  assert.match(web.location ?? '', /app\.yaml:\d+$/);
  const api = vulns.find((f) => f.object.name === 'api')!;
  assert.match(api.message, new RegExp(`^image ${registry.host}/shop/api:1: webcore 2\\.3\\.0 has TEST-2024-0001`));

  const secrets = report.findings.filter((f) => f.checkId === 'IMAGE-SECRET');
  assert.equal(secrets.length, 1);
  assert.match(secrets[0]!.message, /github-token in \/app\/\.env:1 .*fingerprint sha256:[0-9a-f]{12}$/);

  // The exposed web workload is entered through its known vulnerability; api is not exposed.
  const through = report.paths.filter((p) => p.steps.some((s) => s.technique === 'VULN_EXPLOIT'));
  assert.ok(through.length > 0);
  assert.ok(through.every((p) => p.steps.some((s) => s.to === 'Workload:shop/Deployment/web')));
  assert.equal(report.plan.pathsAfter, 0);
});

test('scan --images: no database is an input error; map options need --images', () => {
  const noDb = runCli([
    'scan',
    path.join(dir, 'app.yaml'),
    '--images',
    '--db',
    path.join(dir, 'none.db'),
    '-f',
    'json',
  ]);
  assert.equal(noDb.status, 2);
  const report = parseValidReport(noDb.stdout);
  assert.match(report.errors[0]!.message, /no vulnerability database at .*none\.db: run `chokepoint db import`/);
  assert.equal(report.findings.filter((f) => f.checkId.startsWith('IMAGE-')).length, 0);

  const usage = runCli(['scan', path.join(dir, 'app.yaml'), '--image-map', path.join(dir, 'images.yaml')]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /need --images/);

  // Without --images nothing about images is read or reported.
  const plain = parseValidReport(runCli(['scan', path.join(dir, 'app.yaml'), '-f', 'json']).stdout);
  assert.equal(plain.findings.filter((f) => f.checkId.startsWith('IMAGE-')).length, 0);
  assert.equal(plain.errors.length, 0);
});
