/**
 * Credential detectors: known formats (cloud keys, forge and chat tokens, PEM private keys, JWTs, connection strings
 * with a password) found anywhere in a text, and generic secrets found by the name they are stored under. A
 * detection carries the matched value only so that it can be fingerprinted; nothing outside this folder sees it.
 */

import { isPlaceholder, isSecretKey, looksRandom, normalizeKey } from './entropy.js';

export type CredentialKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'gcp-service-account-key'
  | 'azure-storage-connection-string'
  | 'azure-client-secret'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'google-api-key'
  | 'stripe-secret-key'
  | 'npm-token'
  | 'private-key'
  | 'jwt'
  | 'connection-string-password'
  | 'generic-secret';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'aws-access-key-id',
  'aws-secret-access-key',
  'gcp-service-account-key',
  'azure-storage-connection-string',
  'azure-client-secret',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'google-api-key',
  'stripe-secret-key',
  'npm-token',
  'private-key',
  'jwt',
  'connection-string-password',
  'generic-secret',
];

export const KIND_LABEL: Record<CredentialKind, string> = {
  'aws-access-key-id': 'AWS access key ID',
  'aws-secret-access-key': 'AWS secret access key',
  'gcp-service-account-key': 'GCP service account key (JSON)',
  'azure-storage-connection-string': 'Azure connection string with an account key',
  'azure-client-secret': 'Azure AD client secret',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack incoming webhook URL',
  'google-api-key': 'Google API key',
  'stripe-secret-key': 'Stripe live secret key',
  'npm-token': 'npm access token',
  'private-key': 'private key (PEM)',
  jwt: 'JSON Web Token',
  'connection-string-password': 'connection string with a password',
  'generic-secret': 'hard-coded secret',
};

/** The short-lived alternative to recommend for each kind. */
export const ALTERNATIVE: Record<CredentialKind, string> = {
  'aws-access-key-id':
    'use IAM Roles for Service Accounts or EKS Pod Identity so the pod gets short-lived STS credentials, and deactivate this key',
  'aws-secret-access-key':
    'use IAM Roles for Service Accounts or EKS Pod Identity so the pod gets short-lived STS credentials, and deactivate this key',
  'gcp-service-account-key':
    'use GKE Workload Identity Federation so the pod impersonates the service account without a key, and delete this key',
  'azure-storage-connection-string':
    'use Microsoft Entra Workload ID with a managed identity and RBAC on the storage account, and rotate the account key',
  'azure-client-secret':
    'use Microsoft Entra Workload ID (federated credentials) instead of a client secret, and revoke it',
  'github-token': 'use a GitHub App installation token or OIDC federation issued per job, and revoke this token',
  'gitlab-token': 'use CI/CD job tokens or OIDC ID tokens issued per job, and revoke this token',
  'slack-token': 'keep it in a secrets manager that injects it at runtime, and rotate it',
  'slack-webhook': 'keep the webhook URL in a secrets manager that injects it at runtime, and regenerate it',
  'google-api-key':
    'restrict the key to its APIs and callers, keep it in a secrets manager that injects it at runtime, and rotate it',
  'stripe-secret-key': 'use a restricted key kept in a secrets manager that injects it at runtime, and roll this key',
  'npm-token': 'use npm trusted publishing (OIDC) or a granular token injected per job, and revoke this token',
  'private-key':
    'issue short-lived certificates (cert-manager, SPIFFE/SPIRE) or keep the key in a KMS/HSM, and rotate it',
  jwt: 'use projected service account tokens (audience-bound, expiring) or tokens fetched at runtime, and revoke this one',
  'connection-string-password':
    'have a secrets manager issue dynamic database credentials (e.g. Vault database engine) or use cloud IAM database auth, and rotate the password',
  'generic-secret':
    'keep it in a secrets manager that issues short-lived or dynamic credentials (Vault, External Secrets with rotation), and rotate it',
};

export interface Detection {
  kind: CredentialKind;
  /** The credential itself; only ever hashed. */
  secret: string;
  /** The name it was found under inside the value (`admin_password` in an ini file), when not the value's own key. */
  innerKey?: string;
}

interface PatternDetector {
  kind: CredentialKind;
  /** Literal strings one of which every match contains: a cheap test before the regular expression. */
  anchors: readonly string[];
  regex: RegExp;
  /** The part of the match that is the credential (default: the whole match). */
  secret?: (match: RegExpExecArray) => string | undefined;
}

/** Key material without armour, whitespace or JSON escapes, so one key fingerprints the same wherever it is. */
function pemBody(pem: string): string {
  return pem
    .replace(/\\n|\\r/g, '')
    .replace(/-----(BEGIN|END)[^-]*-----/g, '')
    .replace(/\s+/g, '');
}

function validJwt(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const json: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && ('alg' in json || 'typ' in json);
  } catch {
    return false;
  }
}

const SCHEMES =
  'postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|ldaps?|smtps?|ftps?|sftp|https?|nats|kafka|couchbase|neo4j(?:\\+s)?|clickhouse|cockroachdb|oracle|jdbc:[a-z]+';

const PATTERNS: PatternDetector[] = [
  {
    kind: 'private-key',
    anchors: ['PRIVATE KEY'],
    regex:
      /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----[\s\S]{16,}?-----END \1-----/g,
    secret: (m) => pemBody(m[0]),
  },
  {
    kind: 'aws-access-key-id',
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    regex: /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Z0-9])/g,
  },
  {
    kind: 'github-token',
    anchors: ['gh', 'github_pat_'],
    regex: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'gitlab-token',
    anchors: ['gl'],
    regex: /(?<![A-Za-z0-9_-])(gl(?:pat|dt|rt|ptt|cbt|imt|soat|ffct|oas)-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'slack-token',
    anchors: ['xox'],
    regex: /(?<![A-Za-z0-9-])(xox[abposre]-[A-Za-z0-9-]{10,})(?![A-Za-z0-9-])/g,
  },
  {
    kind: 'slack-webhook',
    anchors: ['hooks.slack.com'],
    regex:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{8,}\/[A-Za-z0-9+/_-]{8,}(?:\/[A-Za-z0-9+/_-]{8,})?)/g,
    secret: (m) => m[1],
  },
  {
    kind: 'google-api-key',
    anchors: ['AIza'],
    regex: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'stripe-secret-key',
    anchors: ['_live_'],
    regex: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9a-zA-Z]{24,99})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'npm-token',
    anchors: ['npm_'],
    regex: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'azure-storage-connection-string',
    anchors: ['AccountKey=', 'SharedAccessKey='],
    regex: /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/g,
    secret: (m) => m[1],
  },
  {
    kind: 'azure-client-secret',
    anchors: ['Q~'],
    regex: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
  },
  {
    kind: 'jwt',
    anchors: ['eyJ'],
    regex: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'connection-string-password',
    anchors: ['://'],
    regex: new RegExp(
      `(?<![A-Za-z0-9+])(?:${SCHEMES}):\\/\\/([^\\s:@/'"\\\\]*):([^\\s@/'"\\\\]+)@[^\\s/'"\\\\?#]+`,
      'g',
    ),
    secret: (m) => m[2],
  },
];

const GCP_TYPE = /"type"\s*:\s*"service_account"/;
const GCP_PRIVATE_KEY = /"private_key"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const AWS_SECRET_BARE = /(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;
const AWS_SECRET_KEY = /aws_?secret|secret_?access_?key/;
const AZURE_SECRET_KEY = /azure.*client_?secret|client_?secret/;
/**
 * `name = value`, `name: value`, `"name": "value"`, `--name=value`, `?name=value&`: the pairs inside a config file,
 * a command line or a URL whose name may say "secret".
 */
const KEY_VALUE =
  /(?:^|[\s,;{(&?'"])-{0,2}["']?([A-Za-z_][A-Za-z0-9_.-]{0,80})["']?[ \t]*[:=][ \t]*["']?([^\s"',;&)}]{1,8192})/gm;

function add(out: Detection[], seen: Set<string>, detection: Detection): void {
  if (seen.has(detection.secret)) return;
  seen.add(detection.secret);
  out.push(detection);
}

/** Values found by the name they are stored under: AWS and Azure secrets of the known shape, or generic ones. */
function byKey(key: string, value: string, out: Detection[], seen: Set<string>, innerKey?: string): void {
  if (seen.has(value) || !isSecretKey(key)) return;
  const normalized = normalizeKey(key);
  const extra = innerKey !== undefined ? { innerKey } : {};
  if (AWS_SECRET_KEY.test(normalized) && /^[A-Za-z0-9/+]{40}$/.test(value) && !isPlaceholder(value)) {
    add(out, seen, { kind: 'aws-secret-access-key', secret: value, ...extra });
  } else if (AZURE_SECRET_KEY.test(normalized) && normalized.includes('azure') && looksRandom(value)) {
    add(out, seen, { kind: 'azure-client-secret', secret: value, ...extra });
  } else if (looksRandom(value)) {
    add(out, seen, { kind: 'generic-secret', secret: value, ...extra });
  }
}

/**
 * Every credential in `text`, which is stored under `key` (an env var name, a data key, an annotation, a flag).
 * Known formats are found anywhere in the text; generic secrets only where a name says so: the key itself for a
 * one-token value, or the `name=value` pairs inside a longer one; `generic: false` leaves generic secrets out.
 */
export function detect(text: string, key?: string, options: { generic?: boolean } = {}): Detection[] {
  const out: Detection[] = [];
  const seen = new Set<string>();
  if (text.length === 0) return out;

  if (text.includes('service_account') && GCP_TYPE.test(text)) {
    const match = GCP_PRIVATE_KEY.exec(text);
    if (match) {
      let pem = match[1]!;
      try {
        pem = JSON.parse(`"${pem}"`) as string;
      } catch {
        // Keep the escaped form: the fingerprint is still stable for this text.
      }
      const body = pemBody(pem);
      if (body.length > 0) add(out, seen, { kind: 'gcp-service-account-key', secret: body });
    }
  }

  for (const detector of PATTERNS) {
    if (!detector.anchors.some((anchor) => text.includes(anchor))) continue;
    detector.regex.lastIndex = 0;
    for (let match = detector.regex.exec(text); match; match = detector.regex.exec(text)) {
      const secret = detector.secret ? detector.secret(match) : (match[1] ?? match[0]);
      if (!secret || isPlaceholder(secret)) continue;
      if (detector.kind === 'jwt' && !validJwt(secret)) continue;
      add(out, seen, { kind: detector.kind, secret });
    }
  }

  if (out.some((d) => d.kind === 'aws-access-key-id')) {
    AWS_SECRET_BARE.lastIndex = 0;
    for (let match = AWS_SECRET_BARE.exec(text); match; match = AWS_SECRET_BARE.exec(text)) {
      const candidate = match[1]!;
      if (/[0-9]/.test(candidate) && /[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && !isPlaceholder(candidate)) {
        add(out, seen, { kind: 'aws-secret-access-key', secret: candidate });
      }
    }
  }

  // Known formats only (image layers: source code is full of `key = value` pairs that are not secrets).
  if (options.generic === false) return out;
  const trimmed = text.trim();
  const before = out.length;
  if (key !== undefined && !/\s/.test(trimmed)) {
    // A one-token value: its own key names it (`DB_PASSWORD=...`), unless it is itself `name=value` (`--token=...`).
    const pair = /^-{0,2}([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$/.exec(trimmed);
    if (pair && isSecretKey(pair[1])) byKey(pair[1]!, pair[2]!, out, seen, pair[1]);
    // A value that holds a known format is that credential, not also a generic one.
    else if (out.length === 0) byKey(key, trimmed, out, seen);
  }
  if (out.length === before && (text.includes('=') || text.includes(':'))) {
    // The pairs inside a config file, a command line, a URL or compact JSON.
    KEY_VALUE.lastIndex = 0;
    for (let match = KEY_VALUE.exec(text); match; match = KEY_VALUE.exec(text)) {
      const [, name, value] = match;
      if (!name || !value) continue;
      if (out.some((d) => value.includes(d.secret) || d.secret.includes(value))) continue;
      byKey(name, value, out, seen, name);
    }
  }
  return out;
}

/** Whether a command-line flag names a secret (`--password`, `--api-token`), so the next argument is its value. */
export function isSecretFlag(arg: string): boolean {
  const match = /^-{1,2}([A-Za-z][A-Za-z0-9_.-]*)$/.exec(arg);
  return match !== null && isSecretKey(match[1]);
}
