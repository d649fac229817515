import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ecosystemBase, normalizeName, severityOf, type OsvRange, type OsvRecord } from './osv.js';
import type { CvssScore, Severity } from './cvss.js';

/** The local vulnerability store: OSV records, indexed by ecosystem and package name, in one SQLite file. */
export const SCHEMA_VERSION = '1';

/** `$CHOKEPOINT_DB`, else `$XDG_CACHE_HOME/chokepoint/vuln.db`, else `~/.cache/chokepoint/vuln.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHOKEPOINT_DB) return env.CHOKEPOINT_DB;
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'chokepoint', 'vuln.db');
}

export interface AffectedRow {
  vulnId: string;
  ecosystem: string;
  name: string;
  ranges: OsvRange[];
  versions: string[];
  /** Per-package severity (OSV 1.4+ `affected[].severity`, or a distribution's urgency), when given. */
  severity?: Severity;
  score?: number;
  cvss?: CvssScore[];
}

export interface VulnRow {
  id: string;
  modified?: string;
  published?: string;
  aliases: string[];
  summary?: string;
  severity: Severity;
  score?: number;
  cvss: CvssScore[];
  references: string[];
}

export interface DbStatus {
  path: string;
  schemaVersion: string;
  records: number;
  withdrawn: number;
  affected: number;
  ecosystems: { ecosystem: string; records: number }[];
  /** When the last import finished (ISO 8601). */
  importedAt?: string;
  /** The newest `modified` of any record: how fresh the data is. */
  newestModified?: string;
  sources: string[];
}

export class VulnStore {
  readonly db: Database.Database;
  private readonly insertVuln: Database.Statement;
  private readonly insertAffected: Database.Statement;
  private readonly deleteAffected: Database.Statement;
  private readonly byPackage: Database.Statement;
  private readonly vulnById: Database.Statement;
  private readonly vulnCache = new Map<string, VulnRow | null>();

  constructor(
    readonly file: string,
    options: { readonly?: boolean } = {},
  ) {
    if (!options.readonly && file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS vulns (
          id TEXT PRIMARY KEY, modified TEXT, published TEXT, withdrawn TEXT, aliases TEXT NOT NULL, summary TEXT,
          severity TEXT NOT NULL, score REAL, cvss TEXT NOT NULL, refs TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS affected (
          vuln_id TEXT NOT NULL, ecosystem TEXT NOT NULL, base TEXT NOT NULL, name TEXT NOT NULL,
          ranges TEXT NOT NULL, versions TEXT NOT NULL, severity TEXT, score REAL, cvss TEXT);
        CREATE INDEX IF NOT EXISTS affected_pkg ON affected(base, name);
        CREATE INDEX IF NOT EXISTS affected_vuln ON affected(vuln_id);
        INSERT OR IGNORE INTO meta VALUES ('schema', '${SCHEMA_VERSION}');
      `);
    }
    const schema = this.db.prepare(`SELECT value FROM meta WHERE key = 'schema'`).get() as
      { value: string } | undefined;
    if (schema?.value !== SCHEMA_VERSION) {
      throw new Error(`${file}: vulnerability database schema ${schema?.value ?? '?'} (expected ${SCHEMA_VERSION})`);
    }
    this.insertVuln = this.db.prepare(
      `INSERT OR REPLACE INTO vulns (id, modified, published, withdrawn, aliases, summary, severity, score, cvss, refs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAffected = this.db.prepare(
      `INSERT INTO affected (vuln_id, ecosystem, base, name, ranges, versions, severity, score, cvss)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteAffected = this.db.prepare(`DELETE FROM affected WHERE vuln_id = ?`);
    this.byPackage = this.db.prepare(
      `SELECT a.vuln_id, a.ecosystem, a.name, a.ranges, a.versions, a.severity, a.score, a.cvss
       FROM affected a JOIN vulns v ON v.id = a.vuln_id WHERE a.base = ? AND a.name = ? AND v.withdrawn IS NULL`,
    );
    this.vulnById = this.db.prepare(`SELECT * FROM vulns WHERE id = ?`);
  }

  /** Adds or replaces one record (a later import of the same id wins). */
  put(record: OsvRecord): void {
    const sev = severityOf(record.severity, record.database_specific?.severity);
    const aliases = [...new Set([...(record.aliases ?? []), ...(record.upstream ?? [])])];
    this.insertVuln.run(
      record.id,
      record.modified ?? null,
      record.published ?? null,
      record.withdrawn ?? null,
      JSON.stringify(aliases),
      record.summary ?? (record.details ? record.details.slice(0, 200) : null),
      sev.severity,
      sev.score ?? null,
      JSON.stringify(sev.cvss),
      JSON.stringify((record.references ?? []).slice(0, 5).map((r) => r.url)),
    );
    this.deleteAffected.run(record.id);
    for (const a of record.affected ?? []) {
      if (!a.package?.ecosystem || !a.package.name) continue;
      const ranges = (a.ranges ?? []).filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER');
      const versions = a.versions ?? [];
      if (ranges.length === 0 && versions.length === 0) continue;
      const es = a.ecosystem_specific ?? {};
      const ds = a.database_specific ?? {};
      const own = severityOf(a.severity, es.urgency, es.severity, ds.severity);
      const hasOwn = own.severity !== 'unknown';
      const base = ecosystemBase(a.package.ecosystem);
      this.insertAffected.run(
        record.id,
        a.package.ecosystem,
        base,
        normalizeName(base, a.package.name),
        JSON.stringify(ranges),
        JSON.stringify(versions),
        hasOwn ? own.severity : null,
        own.score ?? null,
        own.cvss.length > 0 ? JSON.stringify(own.cvss) : null,
      );
    }
  }

  /** Runs `fn` in one transaction (imports are one transaction per batch: fast, and all-or-nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  setMeta(key: string, value: string): void {
    this.db.prepare(`INSERT OR REPLACE INTO meta VALUES (?, ?)`).run(key, value);
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
  }

  /** The advisories that name this package in this ecosystem base (`debian`, `npm`, ...), withdrawn ones left out. */
  affectedFor(base: string, name: string): AffectedRow[] {
    const rows = this.byPackage.all(base, normalizeName(base, name)) as {
      vuln_id: string;
      ecosystem: string;
      name: string;
      ranges: string;
      versions: string;
      severity: Severity | null;
      score: number | null;
      cvss: string | null;
    }[];
    return rows.map((r) => {
      const row: AffectedRow = {
        vulnId: r.vuln_id,
        ecosystem: r.ecosystem,
        name: r.name,
        ranges: JSON.parse(r.ranges) as OsvRange[],
        versions: JSON.parse(r.versions) as string[],
      };
      if (r.severity) row.severity = r.severity;
      if (r.score !== null) row.score = r.score;
      if (r.cvss) row.cvss = JSON.parse(r.cvss) as CvssScore[];
      return row;
    });
  }

  vuln(id: string): VulnRow | undefined {
    const hit = this.vulnCache.get(id);
    if (hit !== undefined) return hit ?? undefined;
    const r = this.vulnById.get(id) as
      | {
          id: string;
          modified: string | null;
          published: string | null;
          aliases: string;
          summary: string | null;
          severity: Severity;
          score: number | null;
          cvss: string;
          refs: string;
        }
      | undefined;
    if (!r) {
      this.vulnCache.set(id, null);
      return undefined;
    }
    const v: VulnRow = {
      id: r.id,
      aliases: JSON.parse(r.aliases) as string[],
      severity: r.severity,
      cvss: JSON.parse(r.cvss) as CvssScore[],
      references: JSON.parse(r.refs) as string[],
    };
    if (r.modified) v.modified = r.modified;
    if (r.published) v.published = r.published;
    if (r.summary) v.summary = r.summary;
    if (r.score !== null) v.score = r.score;
    this.vulnCache.set(id, v);
    return v;
  }

  status(): DbStatus {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number | string | null }).n;
    const ecosystems = this.db
      .prepare(
        `SELECT ecosystem, COUNT(DISTINCT vuln_id) AS records FROM affected GROUP BY ecosystem ORDER BY ecosystem`,
      )
      .all() as { ecosystem: string; records: number }[];
    const s: DbStatus = {
      path: this.file,
      schemaVersion: SCHEMA_VERSION,
      records: Number(one(`SELECT COUNT(*) AS n FROM vulns`)),
      withdrawn: Number(one(`SELECT COUNT(*) AS n FROM vulns WHERE withdrawn IS NOT NULL`)),
      affected: Number(one(`SELECT COUNT(*) AS n FROM affected`)),
      ecosystems,
      sources: JSON.parse(this.getMeta('sources') ?? '[]') as string[],
    };
    const importedAt = this.getMeta('importedAt');
    if (importedAt) s.importedAt = importedAt;
    const newest = one(`SELECT MAX(modified) AS n FROM vulns`);
    if (typeof newest === 'string') s.newestModified = newest;
    return s;
  }

  close(): void {
    this.db.close();
  }
}
