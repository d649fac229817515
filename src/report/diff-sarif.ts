/**
 * SARIF 2.1.0 for `chokepoint diff`, the pull-request gate: one result per attack path the change opens, placed on
 * the manifest lines of the objects behind its new steps, with paths relative to the repository root (`%SRCROOT%`)
 * so GitHub code scanning annotates the pull request's files. Closed paths are no results.
 */

import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { AttackDiff, OpenedPath, StepSource } from '../paths/diff.js';
import { formatScore, formatSteps } from './common.js';
import type { ReportError } from './model.js';
import { INFORMATION_URI, SARIF_SCHEMA_URI, SECURITY_SEVERITY, errorNotification, pathToUri } from './sarif.js';

export const NEW_PATH_RULE_ID = 'new-attack-path';
export const SRCROOT = '%SRCROOT%';
/** The partialFingerprints key; the `/v1` changes if what it hashes does. */
export const NEW_PATH_FINGERPRINT = 'chokepointNewAttackPath/v1';

const NEW_PATH_RULE: ReportingDescriptor = {
  id: NEW_PATH_RULE_ID,
  name: 'NewAttackPath',
  shortDescription: { text: 'The change opens an attack path from an entry point to a target' },
  fullDescription: {
    text:
      'After the change an attacker who gets in at the source can reach the target through steps that no attack ' +
      'path of the base had. The result is placed on the objects behind those new steps.',
  },
  help: {
    text:
      'Revert or harden the change to one of the objects named (each new step is one fact: a privileged container, ' +
      'an exposed Service, a binding...), or run `chokepoint plan` on the head for the cheapest fixes.',
  },
  defaultConfiguration: { level: 'error' },
  properties: { 'security-severity': SECURITY_SEVERITY.critical, tags: ['security', 'kubernetes', 'attack-path'] },
};

export interface DiffSarifOptions {
  version: string;
  /** Absolute folder the artifact URIs are relative to: the repository root, for GitHub. */
  root: string;
  /** Folder relative file names in the diff are relative to (the working directory). */
  cwd: string;
  /** Input errors of both sides, as tool execution notifications. */
  errors?: readonly ReportError[];
}

/**
 * A manifest file as an artifact location: relative to the root with `uriBaseId`, or, outside it, an absolute
 * `file:` URI without one (SARIF allows a base id only on a relative reference). Stdin (`-`) and archive entries
 * (`x.tar.gz!entry`) name no file of the repository: they stay as they are.
 */
export function artifactLocation(file: string, options: Pick<DiffSarifOptions, 'root' | 'cwd'>): Location {
  if (file === '-' || file.includes('!')) return { physicalLocation: { artifactLocation: { uri: pathToUri(file) } } };
  const absolute = path.resolve(options.cwd, file);
  const relative = path.relative(options.root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { physicalLocation: { artifactLocation: { uri: pathToFileURL(absolute).href } } };
  }
  return { physicalLocation: { artifactLocation: { uri: pathToUri(relative), uriBaseId: SRCROOT } } };
}

/** Node ids name no file, so the fingerprint stays the same across checkouts, folders and line moves. */
export function newPathFingerprint(opened: OpenedPath): string {
  const steps = opened.path.steps.map((s) => [s.from, s.technique, s.to]);
  const key = JSON.stringify([opened.path.source, opened.path.target, steps]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** One location per object (file and line), naming the object and the new steps it is behind. */
function objectLocations(sources: readonly StepSource[], options: DiffSarifOptions): Location[] {
  const byObject = new Map<string, StepSource[]>();
  for (const source of sources) {
    const key = JSON.stringify([source.file, source.line, source.object]);
    (byObject.get(key) ?? byObject.set(key, []).get(key)!).push(source);
  }
  return [...byObject.values()].map((group) => {
    const { file, line, object } = group[0]!;
    const base = artifactLocation(file, options);
    const techniques = [...new Set(group.map((s) => s.technique))].join(', ');
    return {
      physicalLocation: { ...base.physicalLocation, region: { startLine: line } },
      logicalLocations: [
        { name: object.slice(object.lastIndexOf('/') + 1), fullyQualifiedName: object, kind: 'resource' },
      ],
      message: { text: `${object} opens ${techniques}` },
    };
  });
}

function newPathResult(opened: OpenedPath, options: DiffSarifOptions): Result {
  const { path: attackPath } = opened;
  const [primary, ...related] = objectLocations(opened.sources, options);
  const newSteps = opened.path.steps
    .filter((s) => opened.newSteps.includes(`${s.from}|${s.technique}|${s.to}`))
    .map((s) => s.technique);
  return {
    ruleId: NEW_PATH_RULE_ID,
    ruleIndex: 0,
    level: 'error',
    message: {
      text:
        `New attack path from ${attackPath.source} to ${attackPath.target} (score ${formatScore(attackPath.score)}), ` +
        `opened by ${newSteps.join(', ')}: ${formatSteps(attackPath)}`,
    },
    // SARIF: several locations mean each must change; reverting any one new step closes the path, so one location
    // (the first new step's object) and the others as related locations.
    ...(primary ? { locations: [primary] } : {}),
    ...(related.length > 0 ? { relatedLocations: related.map((l, i) => ({ id: i + 1, ...l })) } : {}),
    partialFingerprints: { [NEW_PATH_FINGERPRINT]: newPathFingerprint(opened) },
    properties: {
      pathId: attackPath.id,
      source: attackPath.source,
      target: attackPath.target,
      score: attackPath.score,
      steps: attackPath.steps,
      newSteps: opened.newSteps,
    },
  };
}

export function renderDiffSarif(diff: AttackDiff, options: DiffSarifOptions): string {
  const notifications: Notification[] = (options.errors ?? []).map(errorNotification);
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'chokepoint',
            version: options.version,
            informationUri: INFORMATION_URI,
            rules: [NEW_PATH_RULE],
          },
        },
        // The root as a folder URI: a base URI must end with a slash.
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(options.root).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: diff.opened.map((opened) => newPathResult(opened, options)),
        properties: { closedPaths: diff.closed.length },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
