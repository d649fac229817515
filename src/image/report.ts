import type { ImageInventory } from './catalog.js';
import type { Match } from './types.js';

/** The JSON report of `chokepoint image` (its own contract, versioned by `schemaVersion`). */
export function imageJson(
  inv: ImageInventory,
  matches: Match[],
  tool: { name: string; version: string },
  notes: string[],
) {
  return {
    schemaVersion: 'chokepoint-image/v1',
    tool,
    image: inv.source,
    os: inv.os ?? null,
    packages: inv.packages,
    vulnerabilities: matches.map((m) => ({
      id: m.vulnerability.id,
      aliases: m.vulnerability.aliases,
      severity: m.vulnerability.severity,
      score: m.vulnerability.score ?? null,
      attackVector: m.vulnerability.attackVector ?? null,
      cvss: m.vulnerability.cvss,
      summary: m.vulnerability.summary ?? null,
      package: { name: m.package.name, version: m.package.version, purl: m.package.purl, location: m.package.location },
      comparedVersion: m.version,
      advisory: m.advisory,
      status: m.status,
      fixedVersions: m.fixedVersions,
      suppressed: m.suppressed ?? null,
    })),
    secrets: inv.secrets,
    warnings: inv.warnings,
    notes,
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A plain-text table: the image, the package counts, the vulnerabilities, the secrets. */
export function imageTable(inv: ImageInventory, matches: Match[], notes: string[]): string {
  const lines: string[] = [];
  const name = inv.source.tags[0] ?? inv.source.input;
  lines.push(
    `Image ${name}${inv.source.digest ? ` (${inv.source.digest})` : ''}${inv.source.platform ? ` ${inv.source.platform}` : ''}`,
  );
  if (inv.os) lines.push(`OS ${inv.os.prettyName ?? `${inv.os.id} ${inv.os.versionId ?? ''}`}`);
  const counts = new Map<string, number>();
  for (const p of inv.packages) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
  lines.push(
    `Packages ${inv.packages.length}${counts.size ? ` (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')})` : ''}`,
  );
  lines.push('');
  if (matches.length === 0) lines.push('No vulnerabilities found.');
  else {
    const rows = matches.map((m) => [
      m.vulnerability.severity.toUpperCase() + (m.suppressed ? ' (suppressed)' : ''),
      m.vulnerability.id,
      m.package.name,
      m.package.version,
      m.fixedVersions.join(', ') || '(unfixed)',
      m.vulnerability.attackVector ?? '',
    ]);
    const head = ['SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED', 'VECTOR'];
    const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    lines.push(
      head
        .map((h, i) => pad(h, widths[i]!))
        .join('  ')
        .trimEnd(),
    );
    for (const r of rows)
      lines.push(
        r
          .map((c, i) => pad(c, widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  }
  if (inv.secrets.length > 0) {
    lines.push('', 'Secrets (values never shown)');
    for (const s of inv.secrets)
      lines.push(`  ${s.kind}  ${s.path}:${s.line}  layer ${s.layerIndex}  sha256:${s.fingerprint}`);
  }
  for (const n of notes) lines.push('', `Note: ${n}`);
  return `${lines.join('\n')}\n`;
}
