/**
 * SARIF 2.1.0, shaped for GitHub code scanning: one rule per check with `security-severity`, one result per finding
 * and per attack path, input errors as tool execution notifications.
 */

import type { Location, Log, Notification, ReportingDescriptor, Result, Suppression as SarifSuppression } from 'sarif';
import { formatScore, formatSteps, nodeObjectLabels, objectLabel, parseLocation, sortFindings } from './common.js';
import {
  severityRank,
  type AttackPath,
  type Finding,
  type Report,
  type ReportError,
  type Severity,
  type Suppression,
} from './model.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
// The project has no home page yet: its npm page, where package.json says it is published. Change it when it has.
export const INFORMATION_URI = 'https://www.npmjs.com/package/chokepoint';
export const ATTACK_PATH_RULE_ID = 'attack-path';

/** GitHub code scanning reads `properties.security-severity` (a number in a string): >= 9 critical, >= 7 high... */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * A file path as a SARIF `uri`: forward slashes, percent-encoded where a URI reference needs it (spaces, `%`, `#`,
 * `?`, non-ASCII), a Windows drive made a `file:` URI, and a colon in a relative path's first segment encoded so it
 * is not read as a scheme.
 */
export function pathToUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const encoded = slashed.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g, (run) => encodeURIComponent(run));
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  if (slashed.startsWith('/')) return encoded;
  const slash = encoded.indexOf('/');
  const first = slash < 0 ? encoded : encoded.slice(0, slash);
  return first.replace(/:/g, '%3A') + (slash < 0 ? '' : encoded.slice(slash));
}

function physicalLocation(location: string): Location['physicalLocation'] {
  const { file, line } = parseLocation(location);
  return {
    artifactLocation: { uri: pathToUri(file) },
    ...(line !== undefined ? { region: { startLine: line } } : {}),
  };
}

function objectLocation(label: string, location: string | undefined): Location {
  return {
    ...(location ? { physicalLocation: physicalLocation(location) } : {}),
    logicalLocations: [{ name: label.slice(label.lastIndexOf('/') + 1), fullyQualifiedName: label, kind: 'resource' }],
  };
}

function findingRule(checkId: string, findings: readonly Finding[]): ReportingDescriptor {
  // A check has one severity; should its findings differ, the rule takes the worst.
  const severity = findings.reduce<Severity>(
    (worst, f) => (severityRank(f.severity) > severityRank(worst) ? f.severity : worst),
    'info',
  );
  const remediation = findings.find((f) => f.remediation)?.remediation ?? '';
  return {
    id: checkId,
    name: checkId,
    shortDescription: { text: checkId },
    ...(remediation ? { help: { text: remediation } } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[severity], tags: ['security', 'kubernetes'] },
  };
}

const ATTACK_PATH_RULE: ReportingDescriptor = {
  id: ATTACK_PATH_RULE_ID,
  name: ATTACK_PATH_RULE_ID,
  shortDescription: { text: 'Attack path from an entry point to a crown jewel' },
  help: {
    text:
      'An attacker who gets in at the source can reach the target through these steps. Apply the fixes of the ' +
      'plan in the report: each cuts the steps of one technique, and together they cut every path.',
  },
  defaultConfiguration: { level: 'error' },
  properties: { 'security-severity': SECURITY_SEVERITY.critical, tags: ['security', 'kubernetes', 'attack-path'] },
};

function findingResult(finding: Finding, ruleIndex: number): Result {
  const container = finding.container ? ` (container ${finding.container})` : '';
  return {
    ruleId: finding.checkId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${objectLabel(finding.object)}${container}: ${finding.message}` },
    locations: [objectLocation(objectLabel(finding.object), finding.location)],
    properties: {
      severity: finding.severity,
      object: finding.object,
      ...(finding.container ? { container: finding.container } : {}),
    },
    ...(finding.suppressed ? { suppressions: [suppressionOf(finding.suppressed)] } : {}),
  };
}

/**
 * SARIF's own suppression, which code-scanning tools honour: `external` for an exception in the config file,
 * `inSource` for a chokepoint.io/ignore annotation (written in the scanned manifest itself, like a lint comment).
 */
function suppressionOf(suppressed: Suppression): SarifSuppression {
  return {
    kind: suppressed.by === 'config' ? 'external' : 'inSource',
    // No status: SARIF reads an absent status as accepted, and the schema copy in schemas/ names that property
    // differently (state) from the OASIS text (status), so either spelling would fail one of them.
    justification: suppressed.expires
      ? `${suppressed.justification} (until ${suppressed.expires})`
      : suppressed.justification,
  };
}

/**
 * Where an attack path shows up: the first object along it (the source, then each step's target) whose file a
 * finding on the same object tells, else the first node that names a Kubernetes object at all (logical location
 * only), else nowhere.
 */
function pathLocation(path: AttackPath, locations: ReadonlyMap<string, string>): Location | undefined {
  const nodes = [path.steps[0]?.from ?? path.source, ...path.steps.map((s) => s.to)];
  const labels = nodes.flatMap((node) => nodeObjectLabels(node));
  const known = labels.find((label) => locations.has(label));
  if (known) return objectLocation(known, locations.get(known));
  const first = nodes.map((node) => nodeObjectLabels(node)[0]).find((label) => label !== undefined);
  return first ? objectLocation(first, undefined) : undefined;
}

function pathResult(path: AttackPath, ruleIndex: number, locations: ReadonlyMap<string, string>): Result {
  const location = pathLocation(path, locations);
  const steps = path.steps.length > 0 ? `: ${formatSteps(path)}` : '';
  return {
    ruleId: ATTACK_PATH_RULE_ID,
    ruleIndex,
    level: 'error',
    message: {
      text: `Attack path from ${path.source} to ${path.target} (score ${formatScore(path.score)})${steps}`,
    },
    ...(location ? { locations: [location] } : {}),
    properties: { pathId: path.id, source: path.source, target: path.target, score: path.score, steps: path.steps },
  };
}

/** An input error as a tool execution notification at its file and line. */
export function errorNotification(error: ReportError): Notification {
  return {
    level: 'error',
    message: { text: error.object ? `${error.object}: ${error.message}` : error.message },
    locations: [
      {
        physicalLocation: physicalLocation(error.source),
        ...(error.object ? { logicalLocations: [{ fullyQualifiedName: error.object, kind: 'resource' }] } : {}),
      },
    ],
  };
}

/** Whether location a is in the same file as b and on an earlier line (a line beats none). */
function earlier(a: string, b: string): boolean {
  const pa = parseLocation(a);
  const pb = parseLocation(b);
  return pa.file === pb.file && pa.line !== undefined && (pb.line === undefined || pa.line < pb.line);
}

export function renderSarif(report: Report): string {
  const byCheck = new Map<string, Finding[]>();
  for (const finding of sortFindings(report.findings)) {
    const list = byCheck.get(finding.checkId) ?? [];
    list.push(finding);
    byCheck.set(finding.checkId, list);
  }
  const checkIds = [...byCheck.keys()].sort();
  const rules = checkIds.map((id) => findingRule(id, byCheck.get(id)!));
  const ruleIndex = new Map(checkIds.map((id, i) => [id, i]));
  if (report.paths.length > 0) rules.push(ATTACK_PATH_RULE);

  // Where each object was read from, for placing attack paths. The report gives no object's own location, only its
  // findings' (each at a field): the earliest of those lines is the nearest to where the object starts.
  const objectFiles = new Map<string, string>();
  for (const finding of report.findings) {
    if (!finding.location) continue;
    const label = objectLabel(finding.object);
    const known = objectFiles.get(label);
    if (known === undefined || earlier(finding.location, known)) objectFiles.set(label, finding.location);
  }

  const results: Result[] = [
    ...report.findings.map((f) => findingResult(f, ruleIndex.get(f.checkId)!)),
    ...report.paths.map((p) => pathResult(p, rules.length - 1, objectFiles)),
  ];

  const notifications: Notification[] = report.errors.map(errorNotification);

  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: { schemaVersion: report.schemaVersion, graph: report.graph, inventory: report.inventory },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
