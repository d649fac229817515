/**
 * The posture analyzer: runs every enabled check of the catalogue over the inventory, turns what they report into
 * findings (object, container, `file:line`, message with the field path, remediation with a ready patch, and the
 * other tools' ids), marks the ones an exception covers, and exports the static credentials it found as facts.
 */

import type { Inventory } from '../inventory/types.js';
import type { Finding, Severity } from '../report/model.js';
import type { Check, Report } from './check.js';
import { CHECKS } from './checks/index.js';
import { DEFAULT_CONFIG, type PostureConfig } from './config.js';
import { PostureIndex, refOf, type CheckContext } from './context.js';
import { Suppressor } from './exceptions.js';
import { kubectlPatch } from './patch.js';
import { locateCredentials, type CredentialFact } from './secrets/scan.js';

export interface PostureOptions {
  /** The clock exceptions expire against (default: now). */
  now?: Date;
  /** The checks to run (default: the whole catalogue, each as the config enables it). */
  checks?: readonly Check[];
}

export interface PostureResult {
  findings: Finding[];
  /** Every static credential found, expected ones (a TLS key in a TLS Secret...) included: facts for the graph. */
  credentials: CredentialFact[];
}

/** The other tools' ids as the report carries them: only the keys that name something. */
function referencesOf(check: Check): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, ids] of Object.entries(check.references)) if (ids.length > 0) out[key] = [...ids];
  return out;
}

function toFinding(check: Check, severity: Severity, report: Report, references: Record<string, string[]>): Finding {
  const object = refOf(report.target);
  const source = report.target.source;
  const remediation = [check.remediation];
  if (report.advice) remediation.push(report.advice);
  if (report.patch) remediation.push(`Patch: ${kubectlPatch(object, report.patch)}`);
  if (report.command) remediation.push(`Run: ${report.command}`);
  const finding: Finding = {
    checkId: check.id,
    title: check.title,
    severity,
    object,
    location: `${source.file}:${source.line}`,
    message: report.path ? `${report.message} (${report.path})` : report.message,
    remediation: remediation.join(' '),
    references,
  };
  if (report.container !== undefined) finding.container = report.container;
  return finding;
}

export function isEnabled(check: Check, config: PostureConfig): boolean {
  return config.checks[check.id]?.enabled ?? check.enabledByDefault;
}

/** Runs the catalogue: findings for people, credential facts for the attack graph. */
export function postureAnalysis(
  inventory: Inventory,
  config: PostureConfig = DEFAULT_CONFIG,
  options: PostureOptions = {},
): PostureResult {
  const now = options.now ?? new Date();
  const checks = options.checks ?? CHECKS;
  const index = new PostureIndex(inventory);
  const suppressor = new Suppressor(config.exceptions, now);
  const checkIds = new Set(CHECKS.map((c) => c.id));
  const findings: Finding[] = [];
  for (const check of checks) {
    if (!isEnabled(check, config)) continue;
    const settings = config.checks[check.id];
    const severity = settings?.severity ?? check.severity;
    // One references object per check: every finding of it cites the same ids.
    const references = referencesOf(check);
    const ctx: CheckContext = {
      inventory,
      index,
      options: settings?.options ?? {},
      config,
      checkIds,
      now,
      report(report: Report) {
        const finding = toFinding(check, severity, report, references);
        // The configuration's own findings (expired exceptions) cannot be excepted away.
        if (check.area !== 'config') {
          const suppressed = suppressor.suppression(check.id, report.target, report.container);
          if (suppressed) finding.suppressed = suppressed;
        }
        findings.push(finding);
      },
    };
    check.run(ctx);
  }
  return { findings, credentials: locateCredentials(index).map((c) => c.fact) };
}

/** The findings of the catalogue (see postureAnalysis). */
export function postureFindings(
  inventory: Inventory,
  config: PostureConfig = DEFAULT_CONFIG,
  options: PostureOptions = {},
): Finding[] {
  return postureAnalysis(inventory, config, options).findings;
}

/** The static credentials as facts, without running the checks. */
export function credentialFacts(inventory: Inventory): CredentialFact[] {
  return locateCredentials(new PostureIndex(inventory)).map((c) => c.fact);
}

/** The shape of src/scan's Analyzer, written out so that this room does not import from the one that runs it. */
export interface PostureAnalyzer {
  name: 'posture';
  run(inventory: Inventory): { findings: Finding[] };
}

/** The analyzer `scan` runs: `scan(paths, { analyzers: [...ANALYZERS, postureAnalyzer(config)] })`. */
export function postureAnalyzer(config: PostureConfig = DEFAULT_CONFIG, options: PostureOptions = {}): PostureAnalyzer {
  return { name: 'posture', run: (inventory) => ({ findings: postureFindings(inventory, config, options) }) };
}
