/** What one input may cost us. Every input is attacker-controllable (a pull request, a dump from a breached cluster). */
export interface LoadLimits {
  /** Largest single file (or stdin, or archive entry) read. */
  maxFileBytes: number;
  /** YAML aliases expanded per document: caps "billion laughs" alias bombs. */
  maxAliasCount: number;
  /** Deepest nesting of lists and mappings accepted in one document. */
  maxDepth: number;
  /** Total bytes unpacked from one archive. */
  maxArchiveBytes: number;
  /** Entries read from one archive. */
  maxArchiveEntries: number;
  /** Unpacked bytes per compressed byte above which an archive is treated as a decompression bomb. */
  maxCompressionRatio: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 256 * MiB,
  maxAliasCount: 100,
  // Real objects nest far less: the deepest document in the real-world corpus (a CRD's OpenAPI schema) is 35 deep.
  maxDepth: 200,
  maxArchiveBytes: 8 * 1024 * MiB,
  maxArchiveEntries: 1_000_000,
  // kubectl JSON compresses about 20-40x; 200x only happens with deliberately repetitive content.
  maxCompressionRatio: 200,
};
