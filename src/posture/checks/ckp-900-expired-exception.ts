import path from 'node:path';
import { defineCheck } from '../check.js';
import type { KubeObject } from '../../inventory/types.js';
import { isExpired } from '../exceptions.js';
import { NSA } from './refs.js';

/** The config file as the object of its own findings. */
export function configObject(file: string, line: number): KubeObject {
  return {
    apiVersion: 'chokepoint.io/v1',
    group: 'chokepoint.io',
    kind: 'ChokepointConfig',
    name: path.basename(file),
    labels: {},
    annotations: {},
    ownerReferences: [],
    raw: {},
    source: { file, document: 0, line },
    input: file,
    implied: false,
  };
}

export default defineCheck({
  id: 'CKP-900',
  title: 'Expired exception',
  severity: 'medium',
  area: 'config',
  rationale:
    'An exception is a risk accepted for a while. Once its expiry date has passed it no longer suppresses anything, ' +
    'and this finding asks for it to be renewed (with a new justification) or removed.',
  remediation: 'Fix the findings it covered, or renew the exception with a new expires date and justification.',
  references: { nsa: [NSA.audit] },
  run(ctx) {
    for (const exception of ctx.config.exceptions) {
      if (!isExpired(exception, ctx.now)) continue;
      const file = exception.file ?? ctx.config.file ?? '.chokepoint.yaml';
      ctx.report({
        target: configObject(file, exception.line ?? 1),
        message: `the exception for ${exception.checks.join(', ')} (${exception.justification}) expired on ${exception.expires ?? ''}`,
      });
    }
  },
});
