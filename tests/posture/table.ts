/** Runs a check's valid and invalid cases side by side, ESLint RuleTester style. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOf, runCheck, type CaseTable } from './fixtures.js';

export function runTable(table: CaseTable): void {
  for (const [id, { valid, invalid }] of Object.entries(table)) {
    test(`${id} ${checkOf(id).title}`, async (t) => {
      for (const c of valid) {
        await t.test(`valid: ${c.name}`, async () => {
          const findings = await runCheck(id, c.objects, c.options, c.exceptions);
          assert.deepEqual(
            findings.map((f) => f.message),
            [],
            `expected no ${id} finding`,
          );
        });
      }
      for (const c of invalid) {
        await t.test(`invalid: ${c.name}`, async () => {
          const findings = await runCheck(id, c.objects, c.options, c.exceptions);
          assert.equal(findings.length, c.findings ?? 1, findings.map((f) => f.message).join('\n'));
          for (const finding of findings) {
            assert.equal(finding.checkId, id);
            assert.match(finding.location ?? '', /^.+:\d+$/, 'location is file:line');
            if (c.message) assert.match(finding.message, c.message);
          }
        });
      }
    });
  }
}
