import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { catalogImage } from '../../src/image/catalog.js';
import {
  builtinDetector,
  fingerprint,
  secretScanner,
  valueDetector,
  type SecretDetector,
} from '../../src/image/secrets.js';
import { openImage } from '../../src/image/source.js';
import { ociLayout, tar } from './fixtures.js';

const SAMPLES: Record<string, string> = {
  'aws-access-key-id': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'aws-secret-access-key': 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'private-key': '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Qv1c0pXbZ\n-----END RSA PRIVATE KEY-----',
  'github-token': 'token: ghp_0123456789abcdefghijklmnopqrstuvwxyz',
  'gitlab-token': 'glpat-abcdefghij0123456789',
  'slack-token': 'xoxb-1234567890-abcdefghij',
  'google-api-key': 'key=AIzaSyA1234567890abcdefghijklmnopqrstuv',
  'stripe-secret-key': 'sk_live_0123456789abcdefghijklmn',
  'npm-token': '//registry.npmjs.org/:_authToken=npm_0123456789abcdefghijklmnopqrstuvwxyz',
  'docker-registry-auth': '{"auths":{"x":{"auth":"dXNlcjpwYXNzd29yZA=="}}}',
  'url-credentials': 'DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app',
};

test('built-in detector: each kind, with its exact value range', () => {
  for (const [kind, text] of Object.entries(SAMPLES)) {
    const hits = builtinDetector(text, '/x');
    assert.ok(
      hits.some((h) => h.kind === kind),
      `${kind} in ${text}`,
    );
  }
  const [hit] = builtinDetector('id=AKIAIOSFODNN7EXAMPLE;', '/x');
  assert.equal('id=AKIAIOSFODNN7EXAMPLE;'.slice(hit!.start, hit!.end), 'AKIAIOSFODNN7EXAMPLE');
  assert.deepEqual(builtinDetector('postgres://user:${PASSWORD}@db/x and http://user:password@host', '/x'), []);
  assert.deepEqual(builtinDetector('nothing to see here', '/x'), []);
});

test('scanner: fingerprints (sha256 prefix), lines, binary files skipped, detectors plug in', () => {
  const scanner = secretScanner();
  const f = scanner.scan(Buffer.from('a\nb\nAKIAIOSFODNN7EXAMPLE\n'), '/etc/app.conf', 'sha256:l', 2);
  assert.deepEqual(f, [
    {
      kind: 'aws-access-key-id',
      path: '/etc/app.conf',
      line: 3,
      layer: 'sha256:l',
      layerIndex: 2,
      fingerprint: createHash('sha256').update('AKIAIOSFODNN7EXAMPLE').digest('hex').slice(0, 12),
    },
  ]);
  assert.equal(fingerprint('x').length, 12);
  assert.deepEqual(scanner.scan(Buffer.from('\0\0AKIAIOSFODNN7EXAMPLE'), '/bin/x', 'l', 0), []);
  assert.equal(scanner.wants('/usr/share/doc/x/README', 10), false);
  const custom: SecretDetector = (text) => {
    const i = text.indexOf('hunter2');
    return i < 0 ? [] : [{ kind: 'test-password', start: i, end: i + 7 }];
  };
  const both = secretScanner({ detectors: [builtinDetector, custom] });
  assert.deepEqual(
    both.scan(Buffer.from('pw=hunter2'), '/x', 'l', 0).map((s) => s.kind),
    ['test-password'],
  );
  // a detector of values without offsets (the posture room's shape), located and fingerprinted by value
  const byValue = valueDetector((text) => (text.includes('KEY') ? [{ kind: 'pem-body', secret: 'abcdef' }] : []));
  const [v] = secretScanner({ detectors: [byValue] }).scan(Buffer.from('x\n-----KEY-----\nabcdef\n'), '/k', 'l', 0);
  assert.deepEqual([v?.kind, v?.line, v?.fingerprint], ['pem-body', 3, fingerprint('abcdef')]);
});

test('a secret deleted by a later layer is still reported, with the layer that holds it', async () => {
  const l1 = tar([{ name: 'root/.aws/credentials', content: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' }]);
  const l2 = tar([{ name: 'root/.aws/.wh.credentials', content: '' }]);
  const inv = await catalogImage(await openImage(ociLayout([l1, l2])));
  assert.deepEqual(
    inv.secrets.map((s) => [s.kind, s.path, s.line, s.layerIndex]),
    [['aws-access-key-id', '/root/.aws/credentials', 2, 0]],
  );
  assert.ok(!JSON.stringify(inv).includes('AKIAIOSFODNN7EXAMPLE'));
});
