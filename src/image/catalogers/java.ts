import path from 'node:path';
import { zipEntries, zipRead } from '../zip.js';
import type { Cataloger, FoundPackage } from './types.js';

/**
 * Java archives (`.jar`, `.war`, `.ear`, `.jpi`, `.hpi`): every `META-INF/maven/**\/pom.properties` is a package
 * (groupId, artifactId, version); without one, `META-INF/MANIFEST.MF` (Implementation-/Bundle- headers) names the
 * archive; nested archives (Spring Boot `BOOT-INF/lib`, `WEB-INF/lib`) are read too, three levels deep at most.
 */
const ARCHIVE = /\.(jar|war|ear|jpi|hpi)$/i;
const MAX_NESTED_BYTES = 256 * 1024 * 1024;

function props(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith('#') || t === '') continue;
    const i = t.search(/[=:]/);
    if (i > 0) m.set(t.slice(0, i).trim(), t.slice(i + 1).trim());
  }
  return m;
}

function manifest(text: string): Map<string, string> {
  const m = new Map<string, string>();
  let last = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ') && last) {
      m.set(last, m.get(last)! + line.slice(1));
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) {
      last = line.slice(0, i).trim();
      if (!m.has(last)) m.set(last, line.slice(i + 1).trim());
    }
  }
  return m;
}

function scan(buf: Buffer, location: string, depth: number, out: FoundPackage[]): void {
  const entries = zipEntries(buf);
  let found = false;
  for (const e of entries) {
    if (/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(e.name)) {
      const p = props(zipRead(buf, e, 1024 * 1024).toString('utf8'));
      const g = p.get('groupId');
      const a = p.get('artifactId');
      const v = p.get('version');
      if (g && a && v) {
        out.push({ type: 'maven', name: `${g}:${a}`, namespace: g, version: v, ecosystem: 'Maven', location });
        found = true;
      }
    }
  }
  if (!found) {
    const mf = entries.find((e) => e.name === 'META-INF/MANIFEST.MF');
    if (mf) {
      const m = manifest(zipRead(buf, mf, 1024 * 1024).toString('utf8'));
      const version = m.get('Implementation-Version') ?? m.get('Bundle-Version') ?? m.get('Specification-Version');
      const artifact = path.posix
        .basename(location.split('!').pop()!)
        .replace(ARCHIVE, '')
        .replace(/-\d[\w.-]*$/, '');
      const group =
        m.get('Implementation-Vendor-Id') ??
        m
          .get('Bundle-SymbolicName')
          ?.split(';')[0]
          ?.replace(new RegExp(`\\.${artifact}$`), '');
      if (version && artifact) {
        const name = group ? `${group}:${artifact}` : artifact;
        const pkg: FoundPackage = { type: 'maven', name, version, ecosystem: 'Maven', location };
        if (group) pkg.namespace = group;
        out.push(pkg);
      }
    }
  }
  if (depth >= 3) return;
  for (const e of entries) {
    if (!ARCHIVE.test(e.name) || e.name.endsWith('/')) continue;
    try {
      scan(zipRead(buf, e, MAX_NESTED_BYTES), `${location}!/${e.name}`, depth + 1, out);
    } catch {
      // an unreadable nested archive is skipped; the outer one still counts
    }
  }
}

export const java: Cataloger = {
  id: 'java',
  matches(p) {
    return ARCHIVE.test(p);
  },
  parse(file) {
    const out: FoundPackage[] = [];
    scan(file.content, file.path, 0, out);
    return { packages: out };
  },
};
