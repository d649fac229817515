import type { OsInfo } from './types.js';

/** The files the OS is read from, in order of preference (os-release(5)). */
export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];

/** Parses os-release(5): `KEY=value` lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): OsInfo | undefined {
  const v = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    v.set(m[1]!, value);
  }
  const id = v.get('ID');
  if (!id) return undefined;
  const info: OsInfo = { id: id.toLowerCase() };
  const versionId = v.get('VERSION_ID');
  if (versionId) info.versionId = versionId;
  const codename = v.get('VERSION_CODENAME');
  if (codename) info.codename = codename;
  const pretty = v.get('PRETTY_NAME');
  if (pretty) info.prettyName = pretty;
  const like = v.get('ID_LIKE');
  if (like) info.like = like.split(/\s+/).filter(Boolean);
  return info;
}
