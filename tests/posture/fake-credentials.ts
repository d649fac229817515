/**
 * Obviously fake but pattern-valid credentials, generated here from a fixed seed so that no real (or realistic
 * looking, committed) secret exists in the repository. Each carries the part that must never be printed.
 */

import type { CredentialKind } from '../../src/posture/secrets/detectors.js';

/** mulberry32: a tiny seeded PRNG, so the values are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export function randomString(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A string that has every class in it (so entropy and class filters see a real secret). */
function mixed(random: () => number, length: number, symbols = ''): string {
  const base = randomString(random, UPPER + LOWER + DIGITS + symbols, length - 3);
  return `${randomString(random, UPPER, 1)}${base}${randomString(random, DIGITS, 1)}${randomString(random, LOWER, 1)}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export interface FakeCredential {
  kind: CredentialKind;
  /** The value to plant. */
  value: string;
  /** The name to store it under (env var, data key): one that says "secret" where the detector needs one. */
  key: string;
  /** Substrings that must never appear in any output: the credential and the parts that identify it. */
  secrets: string[];
}

function pem(random: () => number): string {
  const lines = Array.from({ length: 6 }, () => randomString(random, UPPER + LOWER + DIGITS + '+/', 64));
  return `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
}

/** One fake credential of each kind; `seed` varies them so that each location gets its own. */
export function fakeCredentials(seed: number): FakeCredential[] {
  const r = prng(seed);
  const awsId = `AKIA${randomString(r, UPPER + '234567', 16)}`;
  const awsSecret = mixed(r, 40, '/+');
  const gcpKey = pem(r);
  const gcpJson = JSON.stringify({
    type: 'service_account',
    project_id: 'fake-project-for-tests',
    private_key_id: randomString(r, '0123456789abcdef', 40),
    private_key: gcpKey,
    client_email: 'fake@fake-project-for-tests.iam.gserviceaccount.com',
  });
  const azureKey = `${randomString(r, UPPER + LOWER + DIGITS + '+/', 86)}==`;
  const azureClient = `${randomString(r, LOWER, 3)}8Q~${randomString(r, UPPER + LOWER + DIGITS + '_-', 34)}`;
  const github = `ghp_${randomString(r, UPPER + LOWER + DIGITS, 36)}`;
  const gitlab = `glpat-${randomString(r, UPPER + LOWER + DIGITS, 20)}`;
  const slack = `xoxb-${randomString(r, DIGITS, 12)}-${randomString(r, DIGITS, 13)}-${randomString(r, UPPER + LOWER + DIGITS, 24)}`;
  const webhookPath = `T${randomString(r, UPPER + DIGITS, 8)}/B${randomString(r, UPPER + DIGITS, 8)}/${randomString(r, UPPER + LOWER + DIGITS, 24)}`;
  const privateKey = pem(r);
  const jwtSignature = randomString(r, UPPER + LOWER + DIGITS + '-_', 43);
  const jwt = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"fake-${seed}","iat":1700000000}`)}.${jwtSignature}`;
  const dbPassword = mixed(r, 20);
  const generic = mixed(r, 24, '!#%');
  const google = `AIza${randomString(r, UPPER + LOWER + DIGITS + '_-', 35)}`;
  const stripe = `sk_live_${randomString(r, UPPER + LOWER + DIGITS, 32)}`;
  const npmToken = `npm_${randomString(r, UPPER + LOWER + DIGITS, 36)}`;
  const body = (p: string): string => p.replace(/-----(BEGIN|END)[^-]*-----|\s/g, '');
  return [
    {
      kind: 'aws-access-key-id',
      value: awsId,
      key: 'AWS_ACCESS_KEY_ID',
      secrets: [awsId, awsId.slice(0, 8), awsId.slice(4)],
    },
    { kind: 'aws-secret-access-key', value: awsSecret, key: 'AWS_SECRET_ACCESS_KEY', secrets: [awsSecret] },
    {
      kind: 'gcp-service-account-key',
      value: gcpJson,
      key: 'GOOGLE_CREDENTIALS_JSON',
      secrets: [body(gcpKey).slice(0, 64)],
    },
    {
      kind: 'azure-storage-connection-string',
      value: `DefaultEndpointsProtocol=https;AccountName=fakeaccount;AccountKey=${azureKey};EndpointSuffix=core.windows.net`,
      key: 'STORAGE_CONNECTION',
      secrets: [azureKey],
    },
    { kind: 'azure-client-secret', value: azureClient, key: 'AZURE_CLIENT_SECRET', secrets: [azureClient] },
    { kind: 'github-token', value: github, key: 'GH_TOKEN', secrets: [github, github.slice(4)] },
    { kind: 'gitlab-token', value: gitlab, key: 'GITLAB_TOKEN', secrets: [gitlab, gitlab.slice(6)] },
    { kind: 'slack-token', value: slack, key: 'SLACK_BOT_TOKEN', secrets: [slack] },
    {
      kind: 'slack-webhook',
      value: `https://hooks.slack.com/services/${webhookPath}`,
      key: 'SLACK_WEBHOOK',
      secrets: [webhookPath],
    },
    { kind: 'private-key', value: privateKey, key: 'SIGNING_KEY_PEM', secrets: [body(privateKey).slice(0, 64)] },
    { kind: 'jwt', value: jwt, key: 'SESSION_JWT', secrets: [jwt, jwtSignature] },
    {
      kind: 'connection-string-password',
      value: `postgres://shop:${dbPassword}@db.internal:5432/shop`,
      key: 'DATABASE_URL',
      secrets: [dbPassword],
    },
    { kind: 'generic-secret', value: generic, key: 'DB_PASSWORD', secrets: [generic] },
    { kind: 'google-api-key', value: google, key: 'MAPS_API_KEY', secrets: [google, google.slice(4)] },
    { kind: 'stripe-secret-key', value: stripe, key: 'STRIPE_KEY', secrets: [stripe, stripe.slice(8)] },
    { kind: 'npm-token', value: npmToken, key: 'NPM_TOKEN', secrets: [npmToken, npmToken.slice(4)] },
  ];
}
