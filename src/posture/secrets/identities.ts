/**
 * Whose credential a value holds, where that is knowable from the value alone: a Kubernetes service account token
 * (the JWT's `sub` claim), a kubeconfig user's client certificate (its subject: CN is the user, each O a group), an
 * AWS access key (the key ID, and the secret access key it needs). Only claims and certificate subjects are read;
 * the credential itself never leaves this folder, and is named by its fingerprint.
 */

import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import { arrayField, isJsonObject, objectField, stringField } from '../../inventory/json.js';
import { detect } from './detectors.js';
import { fingerprint } from './entropy.js';

export type HeldCredential =
  | { kind: 'service-account-token'; namespace: string; name: string; fingerprint: string }
  | { kind: 'client-certificate'; user: string; groups: string[]; fingerprint: string }
  /** The key ID names the identity (its fingerprint); it works only with a secret access key. */
  | { kind: 'aws-access-key-id'; fingerprint: string }
  | { kind: 'aws-secret-access-key'; fingerprint: string };

const SA_SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** The service account a JWT is a token of, from its claims; undefined for other tokens and expired ones. */
function serviceAccountOfJwt(token: string, now: number): { namespace: string; name: string } | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(claims)) return undefined;
  const exp = claims['exp'];
  if (typeof exp === 'number' && exp * 1000 <= now) return undefined;
  const sub = stringField(claims, 'sub');
  const match = sub ? SA_SUBJECT.exec(sub) : null;
  return match ? { namespace: match[1]!, name: match[2]! } : undefined;
}

/** The users of a kubeconfig with an embedded client certificate and key: the certificate's subject. */
function kubeconfigCertificates(text: string): HeldCredential[] {
  if (!text.includes('client-certificate-data') || !text.includes('client-key-data')) return [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  if (!isJsonObject(doc)) return [];
  const out: HeldCredential[] = [];
  for (const entry of arrayField(doc, 'users') ?? []) {
    const user = isJsonObject(entry) ? objectField(entry, 'user') : undefined;
    if (!user) continue;
    const cert = stringField(user, 'client-certificate-data');
    const key = stringField(user, 'client-key-data');
    if (!cert || !key) continue;
    try {
      const x509 = new X509Certificate(Buffer.from(cert, 'base64'));
      const fields = x509.subject.split('\n');
      const cn = fields.find((f) => f.startsWith('CN='))?.slice(3);
      const groups = fields.filter((f) => f.startsWith('O=')).map((f) => f.slice(2));
      if (cn) out.push({ kind: 'client-certificate', user: cn, groups, fingerprint: fingerprint(key.trim()) });
    } catch {
      // Not a certificate: nothing known about whose it is.
    }
  }
  return out;
}

/** The credentials of known identities in one value (a Secret or ConfigMap key, an env value), `key` its name. */
export function heldCredentials(text: string, key?: string, now: number = Date.now()): HeldCredential[] {
  const out: HeldCredential[] = [];
  for (const d of detect(text, key)) {
    if (d.kind === 'jwt') {
      const sa = serviceAccountOfJwt(d.secret, now);
      if (sa) out.push({ kind: 'service-account-token', ...sa, fingerprint: fingerprint(d.secret) });
    } else if (d.kind === 'aws-access-key-id' || d.kind === 'aws-secret-access-key') {
      out.push({ kind: d.kind, fingerprint: fingerprint(d.secret) });
    }
  }
  out.push(...kubeconfigCertificates(text));
  return out;
}
