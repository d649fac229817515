import { createHash } from 'node:crypto';

/**
 * Credentials left in image layers. Detection is a plain function so other detectors (the posture room's, when it
 * lands) plug in without this room importing them: `(text, path) => hits`. A finding names the kind, the file, the
 * line, the layer and a fingerprint (the first 16 hex digits of the value's SHA-256), never the value itself.
 */
export interface SecretHit {
  /** Stable kind id: `aws-access-key-id`, `private-key`, ... */
  kind: string;
  /** Offsets of the secret in the text (the line is taken from `start`). */
  start: number;
  end: number;
  /** The value to fingerprint, when it is not exactly `text.slice(start, end)` (a normalised key, say). */
  value?: string;
}

export type SecretDetector = (text: string, path: string) => SecretHit[];

export interface SecretFinding {
  kind: string;
  path: string;
  line: number;
  /** The layer holding the file (digest), also when a later layer deleted it. */
  layer: string;
  layerIndex: number;
  fingerprint: string;
}

interface Rule {
  kind: string;
  re: RegExp;
  /** The capture group holding the value (0 = the whole match). */
  group: number;
  /** Cheap substring the text must contain before the regex runs. */
  hint: string;
}

const RULES: Rule[] = [
  { kind: 'aws-access-key-id', re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/g, group: 1, hint: 'A' },
  {
    kind: 'aws-secret-access-key',
    re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b/gi,
    group: 1,
    hint: 'ecret',
  },
  {
    kind: 'private-key',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,}?-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/g,
    group: 0,
    hint: 'PRIVATE KEY',
  },
  {
    kind: 'github-token',
    re: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/g,
    group: 1,
    hint: 'gh',
  },
  { kind: 'gitlab-token', re: /\b(glpat-[A-Za-z0-9_-]{20})\b/g, group: 1, hint: 'glpat-' },
  { kind: 'slack-token', re: /\b(xox[abposr]-[A-Za-z0-9-]{10,72})\b/g, group: 1, hint: 'xox' },
  { kind: 'google-api-key', re: /\b(AIza[0-9A-Za-z_-]{35})\b/g, group: 1, hint: 'AIza' },
  { kind: 'stripe-secret-key', re: /\b((?:sk|rk)_live_[0-9a-zA-Z]{24,99})\b/g, group: 1, hint: '_live_' },
  { kind: 'npm-token', re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, hint: 'npm_' },
  {
    kind: 'docker-registry-auth',
    re: /"auth"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2})"/g,
    group: 1,
    hint: '"auth"',
  },
  {
    kind: 'url-credentials',
    re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'<>]{1,64}:([^\s:/@"'<>]{3,128})@[a-z0-9.-]+/gi,
    group: 1,
    hint: '://',
  },
];

/** The built-in detector: well-known credential formats with few false positives. */
export const builtinDetector: SecretDetector = (text) => {
  const hits: SecretHit[] = [];
  for (const rule of RULES) {
    if (!text.includes(rule.hint)) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const value = m[rule.group];
      if (!value || m.index === undefined) continue;
      if (rule.kind === 'url-credentials' && /^(\$|\{|%|\*+$|password$|pass$|x+$)/i.test(value)) continue;
      const start = m.index + m[0].indexOf(value);
      hits.push({ kind: rule.kind, start, end: start + value.length });
    }
  }
  return hits;
};

/** The first 12 hex digits of the value's SHA-256: the same length the posture room uses, so one credential found in
 * a manifest and in an image layer carries one fingerprint. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
}

/**
 * Adapts a detector that returns values without offsets (`(text) => { kind, secret }[]`, as the posture room's
 * `detect` does) to a `SecretDetector`: the location is where the value (or its first 16 characters) first occurs.
 */
export function valueDetector(detect: (text: string) => { kind: string; secret: string }[]): SecretDetector {
  return (text) =>
    detect(text).map((d) => {
      let start = text.indexOf(d.secret);
      if (start < 0) start = Math.max(0, text.indexOf(d.secret.slice(0, 16)));
      return { kind: d.kind, start, end: start + d.secret.length, value: d.secret };
    });
}

/** Paths never worth scanning (documentation, locales, package manager metadata). */
const SKIP =
  /^\/(?:usr\/share\/(?:doc|man|info|locale|i18n|zoneinfo|mime|perl5?)\/|usr\/lib\/locale\/|var\/lib\/(?:dpkg|apk|rpm)\/|proc\/|sys\/)/;

export interface SecretScanner {
  wants(path: string, size: number): boolean;
  scan(content: Buffer, path: string, layer: string, layerIndex: number): SecretFinding[];
}

/** A scanner over text files up to `maxBytes` (default 1 MiB) with the given detectors (default: the built-in one). */
export function secretScanner(options: { detectors?: SecretDetector[]; maxBytes?: number } = {}): SecretScanner {
  const detectors = options.detectors ?? [builtinDetector];
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  return {
    wants(path, size) {
      return size > 0 && size <= maxBytes && !SKIP.test(path);
    },
    scan(content, path, layer, layerIndex) {
      // text only: a NUL in the first 8 KiB means binary
      if (content.subarray(0, 8192).includes(0)) return [];
      const text = content.toString('utf8');
      const out: SecretFinding[] = [];
      const seen = new Set<string>();
      for (const detect of detectors) {
        for (const hit of detect(text, path)) {
          const value = hit.value ?? text.slice(hit.start, hit.end);
          const fp = fingerprint(value);
          const key = `${hit.kind}:${fp}:${hit.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ kind: hit.kind, path, line: lineOf(text, hit.start), layer, layerIndex, fingerprint: fp });
        }
      }
      return out;
    },
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
