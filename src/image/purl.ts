import { PackageURL } from 'packageurl-js';
import type { OsInfo, Package } from './types.js';
import type { FoundPackage } from './catalogers/types.js';

/** Builds a canonical package URL from its components (packageurl-js encodes and normalises per purl-spec). */
export function buildPurl(
  type: string,
  namespace: string | undefined | null,
  name: string,
  version?: string | null,
  qualifiers?: Record<string, string> | null,
  subpath?: string | null,
): string {
  const s = new PackageURL(
    type,
    namespace ?? undefined,
    name,
    version ?? undefined,
    qualifiers ?? undefined,
    subpath ?? undefined,
  ).toString();
  // purl-spec: the colon needs no encoding anywhere; packageurl-js 2.0.1 still encodes it in names (`%3A`)
  const cut = s.search(/[?#]/);
  const head = cut < 0 ? s : s.slice(0, cut);
  return head.replace(/%3A/gi, ':') + (cut < 0 ? '' : s.slice(cut));
}

/** Parses a package URL; throws on an invalid one. */
export function parsePurl(purl: string): PackageURL {
  return PackageURL.fromString(purl);
}

/** The canonical form of a package URL string. */
export function canonicalPurl(purl: string): string {
  const p = parsePurl(purl);
  return buildPurl(p.type, p.namespace, p.name, p.version, p.qualifiers, p.subpath);
}

/** The purl namespace of OS packages by distribution id (purl-spec types: deb, apk, rpm). */
function osNamespace(type: string, osInfo: OsInfo | undefined): string {
  const id = osInfo?.id;
  if (type === 'deb')
    return id === 'ubuntu'
      ? 'ubuntu'
      : id && id !== 'debian' && osInfo?.like?.includes('ubuntu')
        ? 'ubuntu'
        : (id ?? 'debian');
  if (type === 'apk') return id ?? 'alpine';
  if (type === 'rpm')
    return (
      (
        { rhel: 'redhat', centos: 'centos', rocky: 'rocky', almalinux: 'almalinux', fedora: 'fedora' } as Record<
          string,
          string
        >
      )[id ?? ''] ??
      id ??
      'redhat'
    );
  return '';
}

/** The package URL of a package (purl-spec), built and encoded by packageurl-js. */
export function purlOf(p: FoundPackage, osInfo: OsInfo | undefined): string {
  const qualifiers: Record<string, string> = {};
  let namespace: string | undefined;
  let name = p.name;
  let version: string | undefined = p.version;
  switch (p.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      namespace = osNamespace(p.type, osInfo);
      if (p.arch) qualifiers.arch = p.arch;
      if (p.epoch && p.epoch !== '0') qualifiers.epoch = p.epoch;
      if (osInfo?.versionId) qualifiers.distro = `${osInfo.id}-${osInfo.versionId}`;
      if (p.source && p.source.name !== p.name) qualifiers.upstream = p.source.name;
      break;
    }
    case 'npm': {
      const m = /^(@[^/]+)\/(.+)$/.exec(p.name);
      if (m) {
        namespace = m[1];
        name = m[2]!;
      }
      break;
    }
    case 'golang': {
      const i = p.name.lastIndexOf('/');
      if (i > 0) {
        namespace = p.name.slice(0, i);
        name = p.name.slice(i + 1);
      }
      break;
    }
    case 'maven': {
      const [g, a] = p.name.includes(':') ? p.name.split(':') : [p.namespace, p.name];
      namespace = g;
      name = a!;
      break;
    }
    case 'pypi':
      name = p.name.toLowerCase().replace(/[-_.]+/g, '-');
      break;
    default:
      break;
  }
  if (version === '') version = undefined;
  return buildPurl(p.type, namespace, name, version, Object.keys(qualifiers).length ? qualifiers : undefined);
}

/** Completes a found package: the distribution's ecosystem for OS packages, the purl, the cataloger. */
export function finalizePackage(p: FoundPackage, cataloger: string, osInfo: OsInfo | undefined): Package {
  const pkg: Package = { ...p, cataloger, purl: '' };
  if (p.type === 'deb' && osInfo?.id === 'ubuntu') pkg.ecosystem = 'Ubuntu';
  if (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm') pkg.namespace = osNamespace(p.type, osInfo);
  pkg.purl = purlOf(pkg, osInfo);
  return pkg;
}
