/**
 * The plan as files: `plan --patches DIR` (one kubectl-ready file per fix) and `plan --apply-to DIR` (patched copies
 * of the input manifests, new objects in a file of their own).
 */

import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../inventory/types.js';
import type { Fix } from '../report/model.js';
import type { AppliedFixes } from './apply.js';
import { PLAN_SOURCE } from './apply.js';

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'fix'
  );
}

function refText(fix: Fix): { kind: string; name: string; ns: string } {
  const object = fix.object as { kind?: string; name?: string; namespace?: string };
  return {
    kind: (object.kind ?? 'object').toLowerCase(),
    name: object.name ?? '',
    ns: object.namespace ? ` -n ${object.namespace}` : '',
  };
}

/** Writes one file per fix, in plan order; returns the files written. */
export async function writePatches(dir: string, fixes: readonly Fix[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [i, fix] of fixes.entries()) {
    const file = path.join(dir, `${String(i + 1).padStart(2, '0')}-${slug(fix.id)}.yaml`);
    const { kind, name, ns } = refText(fix);
    const header = [
      `# ${fix.title ?? fix.id}`,
      `# cuts ${fix.cuts} reported path(s); cost ${fix.cost}; ${fix.techniques.join(', ')}`,
    ];
    let body: string;
    if (fix.action === 'create') {
      header.push(`# kubectl apply -f ${file}`);
      body = stringify(fix.patch);
    } else if (fix.action === 'delete') {
      header.push(`# kubectl delete ${kind} ${name}${ns}`, '# (this fix deletes the object; the file names it)');
      body = stringify(fix.object);
    } else {
      header.push(`# kubectl patch ${kind} ${name}${ns} --type strategic --patch-file ${file}`);
      body = stringify(fix.patch);
    }
    await writeFile(file, `${header.join('\n')}\n${body}`);
    written.push(file);
  }
  return written;
}

function relativeTo(object: KubeObject): string {
  return object.input === object.source.file
    ? path.basename(object.source.file)
    : path.relative(object.input, object.source.file);
}

/**
 * Writes the fixed cluster as manifests under `dir`: input files none of whose objects changed are copied as they
 * are; a changed file is written again holding its objects after the fixes (as YAML documents, comments lost); new
 * objects go to `chokepoint-plan.yaml`. Only file inputs are supported: archives and stdin are reported back.
 */
export async function writeAppliedCopies(
  dir: string,
  original: readonly KubeObject[],
  applied: AppliedFixes,
): Promise<{ written: string[]; skipped: string[] }> {
  const changedFiles = new Set<string>();
  for (const o of applied.patched.keys()) changedFiles.add(o.source.file);
  for (const o of applied.deleted) changedFiles.add(o.source.file);
  const byFile = new Map<string, KubeObject>();
  for (const o of original) if (!o.implied && !byFile.has(o.source.file)) byFile.set(o.source.file, o);
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [file, sample] of byFile) {
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) {
      skipped.push(file);
      continue;
    }
    const out = path.join(dir, relativeTo(sample));
    await mkdir(path.dirname(out), { recursive: true });
    if (!changedFiles.has(file)) {
      await copyFile(file, out);
    } else {
      const objects = applied.objects.filter((o) => o.source.file === file && !o.implied);
      objects.sort((a, b) => a.source.document - b.source.document || a.source.line - b.source.line);
      await writeFile(out, objects.map((o) => stringify(o.raw)).join('---\n'));
    }
    written.push(out);
  }
  if (applied.created.length > 0) {
    const out = path.join(dir, PLAN_SOURCE);
    await mkdir(dir, { recursive: true });
    await writeFile(out, applied.created.map((o) => stringify(o.raw)).join('---\n'));
    written.push(out);
  }
  return { written, skipped };
}
