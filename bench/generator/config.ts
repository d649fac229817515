import { metadata, type JsonMap, type Labels } from './common.js';
import type { NsScope } from './workloads.js';

/**
 * A Secret with its keys but never a value: every value is the empty string (valid base64 of nothing), so the dump
 * has the shape of a real one without a single credential in it.
 */
export function secret(
  w: NsScope,
  name: string,
  type: string,
  keys: string[],
  o: { labels?: Labels; annotations?: Labels; immutable?: boolean } = {},
): void {
  const data: Record<string, string> = {};
  for (const k of keys) data[k] = '';
  w.bucket.add('secrets', {
    apiVersion: 'v1',
    data: keys.length > 0 ? data : undefined,
    immutable: o.immutable,
    kind: 'Secret',
    metadata: metadata(
      {
        name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: w.created + w.rng.int(10 * 86_400_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      w.ctx.rv,
    ),
    type,
  });
}

/** The legacy, long-lived token Secret of a service account (before Kubernetes 1.24 every account had one). */
export function serviceAccountTokenSecret(w: NsScope, name: string, account: string, accountUid: string): void {
  secret(w, name, 'kubernetes.io/service-account-token', ['ca.crt', 'namespace', 'token'], {
    annotations: {
      'kubernetes.io/service-account.name': account,
      'kubernetes.io/service-account.uid': accountUid,
    },
  });
}

export function configMap(
  w: NsScope,
  name: string,
  data: Record<string, string>,
  o: { labels?: Labels; annotations?: Labels } = {},
) {
  w.bucket.add('configmaps', {
    apiVersion: 'v1',
    data,
    kind: 'ConfigMap',
    metadata: metadata(
      {
        name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: w.created + w.rng.int(10 * 86_400_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      w.ctx.rv,
    ),
  });
}

/** A public CA certificate is not secret, but a placeholder keeps the files small. */
export const CA_PLACEHOLDER =
  '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJlcm5ldGVz\n-----END CERTIFICATE-----\n';

export function rootCaConfigMap(w: NsScope): void {
  configMap(
    w,
    'kube-root-ca.crt',
    { 'ca.crt': CA_PLACEHOLDER },
    {
      annotations: {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
      },
    },
  );
}

export interface ServiceAccountInput {
  name: string;
  labels?: Labels;
  annotations?: Labels;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: string[];
  /** Also create a legacy token Secret for the account and list it in `secrets`. */
  legacyToken?: boolean;
}

export function serviceAccountObject(w: NsScope, s: ServiceAccountInput): JsonMap {
  const uid = w.rng.uuid();
  const tokenName = s.legacyToken ? `${s.name}-token-${w.rng.chars('bcdfghjklmnpqrstvwxz2456789', 5)}` : undefined;
  const obj: JsonMap = {
    apiVersion: 'v1',
    automountServiceAccountToken: s.automountServiceAccountToken,
    imagePullSecrets: s.imagePullSecrets?.map((name) => ({ name })),
    kind: 'ServiceAccount',
    metadata: metadata(
      {
        name: s.name,
        namespace: w.namespace,
        uid,
        created: w.created + (s.name === 'default' ? 0 : w.rng.int(10 * 86_400_000)),
        labels: s.labels,
        annotations: s.annotations,
      },
      w.ctx.rv,
    ),
    secrets: tokenName ? [{ name: tokenName }] : undefined,
  };
  w.bucket.add('serviceaccounts', obj);
  if (tokenName) serviceAccountTokenSecret(w, tokenName, s.name, uid);
  return obj;
}
