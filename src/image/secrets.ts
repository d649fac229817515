import { detect } from '../posture/secrets/detectors.js';
import { fingerprint } from '../posture/secrets/entropy.js';

export { fingerprint };

/**
 * Credentials left in image layers. Detection is a plain function, `(text, path) => hits`, so more detectors plug in;
 * the default is the posture room's. A finding names the kind, the file, the line, the layer and a fingerprint (the
 * first 12 hex digits of the value's SHA-256, as for manifests), never the value itself.
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

/**
 * Files where a `name = value` pair naming a secret holds one: dotenv, ini/conf/properties, credential stores. In
 * other files (source code, type definitions) such pairs are mostly code: measured on 52 MB of node_modules, generic
 * detection everywhere gave 633 false hits, all in .js/.ts files.
 */
const CONFIG_FILE =
  /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.(?:env|ini|conf|cfg|cnf|properties|toml)|\.npmrc|\.pypirc|\.netrc|\.pgpass|\.git-credentials|\.my\.cnf|credentials|config\.json)$/;

/**
 * The detector: the posture room's (`src/posture/secrets/detectors.ts`), the one implementation for manifests and
 * image layers, so a credential found in both has one kind and one fingerprint. Known formats in every file; generic
 * secrets (a `name = value` pair whose name says secret, placeholders and low-entropy values left out) in config files.
 */
export const builtinDetector: SecretDetector = (text, path) =>
  valueDetector((t) => detect(t, undefined, { generic: CONFIG_FILE.test(path) }))(text, path);

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
