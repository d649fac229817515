/**
 * When a value next to a word like `password` is a real secret rather than a placeholder, a reference or a word:
 * the generic detector's noise filter.
 */

import { createHash } from 'node:crypto';

/** sha256 of the value, first 12 hex digits: enough to match one credential across places, useless to recover it. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const PLACEHOLDER_WORDS = new Set([
  'admin',
  'changeit',
  'changeme',
  'change-me',
  'change_me',
  'default',
  'dummy',
  'empty',
  'example',
  'false',
  'fixme',
  'nil',
  'none',
  'notasecret',
  'null',
  'passw0rd',
  'password',
  'placeholder',
  'redacted',
  'replaceme',
  'replace-me',
  'root',
  'sample',
  'secret',
  'test',
  'testing',
  'todo',
  'token',
  'true',
  'undefined',
  'unset',
  'user',
  'username',
]);

/**
 * Placeholders and references rather than values: `${VAR}`, `$(VAR)` (Kubernetes expansion), `{{ .Values.x }}`,
 * `<password>`, `%PASSWORD%`, `changeme`, `xxxx`, `****`, `your-api-key`, and anything that says "example".
 */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  if (text.length === 0) return true;
  const lower = text.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/\$\{[^}]*\}|\$\([^)]*\)|\{\{[\s\S]*\}\}|\{%[\s\S]*%\}/.test(text)) return true;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return true;
  if (/^<[^<>]+>$|^%[^%]+%$|^\[[^[\]]+\]$|^__[A-Za-z0-9_]+__$/.test(text)) return true;
  if (/^(.)\1*$/.test(text)) return true;
  if (/^(x{3,}|\*{3,}|\.{3,}|-{3,}|#{3,})/i.test(text)) return true;
  if (
    /example|placeholder|changeme|change_me|change-me|redacted|dummy|sample|your[-_]?(api[-_]?)?(key|token|secret|password)/i.test(
      text,
    )
  ) {
    return true;
  }
  return false;
}

/**
 * Whether a value stored under a secret-sounding name is itself secret-like: long enough, one token, not a
 * placeholder, not a path, URL, number, plain word(s) or constant name, and random enough.
 */
export function looksRandom(value: string): boolean {
  const text = value.trim();
  if (text.length < 8 || text.length > 8192 || /\s/.test(text)) return false;
  if (isPlaceholder(text)) return false;
  if (/^[a-z._/-]+$/.test(text) || /^[A-Z_]+$/.test(text) || /^[0-9._:-]+$/.test(text)) return false;
  if (/^(\/|\.\/|~\/|[A-Za-z]:\\)/.test(text) || /^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(text)) return false;
  if (/^(true|false|yes|no|on|off)$/i.test(text)) return false;
  const classes =
    Number(/[a-z]/.test(text)) +
    Number(/[A-Z]/.test(text)) +
    Number(/[0-9]/.test(text)) +
    Number(/[^A-Za-z0-9]/.test(text));
  const entropy = shannonEntropy(text);
  if (/^[0-9a-f]+$/i.test(text)) return text.length >= 16 && entropy >= 3;
  if (classes >= 3) return entropy >= 3;
  return text.length >= 16 && entropy >= 3.5;
}

/** Splits camelCase and separators: `awsSecretAccessKey` → `aws_secret_access_key`. */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const SECRET_KEY =
  /(^|_)(pass|password|passwd|passphrase|pwd|secret|secrets|token|tokens|apikey|credential|credentials|auth)(_|$)|(^|_)(api|access|private|client|signing|encryption|master|session|auth|secret|app)_key(_|$)|client_secret|access_token|refresh_token|auth_token/;

/** Names that hold a reference to a secret (its name, file, path, key...), not the secret itself. */
const REFERENCE_SUFFIX =
  /(^|_)(name|names|ref|path|file|files|dir|url|uri|endpoint|id|type|mode|len|length|size|ttl|expiry|expiration|expires|header|selector|enabled|enable|timeout|format|policy|provider|namespace|version|count|env|location|store|source|lookup|field|key_ref|secret_ref|required|hash|algorithm|prefix|suffix|audience|issuer)$/;

const secretKeyCache = new Map<string, boolean>();

/** Whether a key, env var, flag or annotation name says its value is a secret. */
export function isSecretKey(key: string | undefined): boolean {
  if (!key) return false;
  let answer = secretKeyCache.get(key);
  if (answer === undefined) {
    const normalized = normalizeKey(key);
    answer = SECRET_KEY.test(normalized) && !REFERENCE_SUFFIX.test(normalized);
    // Keys repeat across a cluster (env var names, annotation keys); the cache stays small.
    if (secretKeyCache.size < 100_000) secretKeyCache.set(key, answer);
  }
  return answer;
}
