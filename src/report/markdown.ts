/** GitHub-flavoured markdown, made to be posted as a pull-request comment. */

import {
  activeFindings,
  countBySeverity,
  escapeHtml,
  formatScore,
  objectLabel,
  planSummary,
  severityTitle,
  sortFindings,
  suppressedFindings,
  suppressionSource,
  totalsLine,
} from './common.js';
import { SEVERITIES, type Report } from './model.js';

/**
 * Escapes text for an inline context (a table cell, a list item, a heading): every character that could start
 * emphasis, a link, code, raw HTML, an entity, math or strikethrough is backslash-escaped, `|` too so a cell stays
 * one cell, and line breaks become spaces so a row stays one row.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\n\r]/g, ' ').replace(/[\\`*_[\]<>|~&$!#]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], alignRight: number[] = []): string[] {
  const separator = header.map((_, i) => (alignRight.includes(i) ? '---:' : '---'));
  return [header, separator, ...rows].map((row) => `| ${row.join(' | ')} |`);
}

export function renderMarkdown(report: Report): string {
  const e = escapeMarkdown;
  const out: string[] = [];
  const active = activeFindings(report.findings);
  const suppressed = suppressedFindings(report.findings);
  const counts = countBySeverity(active);

  out.push(`## Chokepoint report`, '');
  out.push(`${e(report.tool.name)} ${e(report.tool.version)}: **${e(totalsLine(report))}**`, '');

  // Summary.
  const inv = report.inventory;
  out.push(
    ...table(
      ['Summary', 'Count'],
      [
        ...SEVERITIES.map((s) => [`${severityTitle(s)} findings`, String(counts[s])]),
        ...(suppressed.length > 0 ? [['Suppressed findings', String(suppressed.length)]] : []),
        ['Attack paths', String(report.paths.length)],
        ['Fixes in the plan', String(report.plan.fixes.length)],
        ['Input errors', String(report.errors.length)],
        ['Objects', String(inv.objects)],
        ['Implied objects', String(inv.implied)],
        ['Workloads', String(inv.workloads)],
        ['Pods', String(inv.pods)],
        ['Namespaces', String(inv.namespaces)],
        ['Nodes', String(inv.nodes)],
        ['Objects of unknown kinds', String(Object.values(inv.unknownKinds).reduce((a, b) => a + b, 0))],
      ],
      [1],
    ),
    '',
  );

  // Inputs.
  out.push('### Inputs', '');
  if (report.inputs.length === 0) out.push('No inputs.', '');
  else
    out.push(
      ...table(
        ['Source', 'Files', 'Objects'],
        report.inputs.map((i) => [e(i.source), String(i.files), String(i.objects)]),
        [1, 2],
      ),
      '',
    );

  // Errors.
  if (report.errors.length > 0) {
    out.push(`### Input errors (${report.errors.length})`, '');
    out.push(
      ...table(
        ['Source', 'Object', 'Message'],
        report.errors.map((err) => [e(err.source), err.object ? e(err.object) : '', e(err.message)]),
      ),
      '',
    );
  }

  // Findings.
  out.push(`### Findings (${active.length})`, '');
  if (active.length === 0) out.push('No findings.', '');
  else
    out.push(
      ...table(
        ['Severity', 'Check', 'Object', 'Container', 'Location', 'Message', 'Remediation'],
        sortFindings(active).map((f) => [
          `**${severityTitle(f.severity)}**`,
          e(f.checkId),
          e(objectLabel(f.object)),
          e(f.container ?? ''),
          e(f.location ?? ''),
          e(f.message),
          e(f.remediation),
        ]),
      ),
      '',
    );

  // Suppressed findings: apart, with who suppressed them and why.
  if (suppressed.length > 0) {
    out.push(`### Suppressed findings (${suppressed.length})`, '');
    out.push(
      ...table(
        ['Severity', 'Check', 'Object', 'Container', 'Location', 'Message', 'Suppressed by', 'Justification'],
        sortFindings(suppressed).map((f) => [
          severityTitle(f.severity),
          e(f.checkId),
          e(objectLabel(f.object)),
          e(f.container ?? ''),
          e(f.location ?? ''),
          e(f.message),
          e(suppressionSource(f)),
          e(f.suppressed?.justification ?? ''),
        ]),
      ),
      '',
    );
  }

  // Attack paths: one numbered item each, its steps and their reasons beneath.
  out.push(`### Attack paths (${report.paths.length})`, '');
  if (report.paths.length === 0) out.push('No attack paths found.', '');
  else {
    report.paths.forEach((path, i) => {
      out.push(`${i + 1}. **${e(path.source)} → ${e(path.target)}** (score ${formatScore(path.score)})`);
      for (const step of path.steps) {
        const because = step.because ? ` — ${e(step.because)}` : '';
        out.push(`   - ${e(step.from)} -\\[${e(step.technique)}\\]-\\> ${e(step.to)}${because}`);
      }
    });
    out.push('');
  }

  // Plan.
  const plan = report.plan;
  out.push(`### Plan`, '');
  if (plan.fixes.length === 0) out.push('No fixes.', '');
  else {
    out.push(`${escapeMarkdown(planSummary(plan))}.`, '');
    out.push(
      ...table(
        ['Fix', 'Object', 'Cuts', 'Cost', 'Techniques'],
        plan.fixes.map((fix) => [
          e(fix.id),
          e(objectLabel(fix.object)),
          String(fix.cuts),
          String(fix.cost),
          e(fix.techniques.join(', ')),
        ]),
        [2, 3],
      ),
      '',
    );
    for (const fix of plan.fixes) {
      // Inside an HTML block markdown escapes do not apply: escape as HTML.
      out.push(`<details><summary>Patch for ${escapeHtml(fix.id)}</summary>`, '');
      out.push(codeBlock(JSON.stringify(fix.patch, null, 2), 'json'), '', '</details>', '');
    }
  }

  return out.join('\n').replace(/\n+$/, '') + '\n';
}
