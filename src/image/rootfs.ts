import { constants, lstatSync, openSync, readSync, closeSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import {
  ImageFilesystem,
  LimitError,
  type EntryVisitor,
  type FileEntry,
  type LayerLimits,
  type LayerWarning,
} from './layers.js';

/**
 * An unpacked root folder read as an image's single layer. Nothing is followed out of the folder: entries are
 * read with lstat, symbolic links are recorded (and resolved later with the folder as the root), special files
 * skipped.
 */
export function walkRootfs(
  root: string,
  fs: ImageFilesystem,
  visitor: EntryVisitor,
  limits: LayerLimits,
  warnings: LayerWarning[],
): void {
  const layer = { index: 0, digest: `dir:${path.resolve(root)}`, mediaType: 'directory' };
  const stack: string[] = ['/'];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const abs = path.join(root, rel);
    let names: string[];
    try {
      names = readdirSync(abs).sort().reverse();
    } catch (e) {
      warnings.push({ path: rel, message: (e as Error).message });
      continue;
    }
    for (const name of names) {
      const p = rel === '/' ? `/${name}` : `${rel}/${name}`;
      const full = path.join(root, p);
      let st;
      try {
        st = lstatSync(full);
      } catch (e) {
        warnings.push({ path: p, message: (e as Error).message });
        continue;
      }
      fs.entryCount++;
      if (fs.entryCount > limits.maxEntries)
        throw new LimitError('entries', `${root}: more than ${limits.maxEntries} entries`);
      const fe: FileEntry = { path: p, type: 'other', size: st.size, mode: st.mode & 0o7777, layer: 0 };
      if (st.isDirectory()) {
        fe.type = 'dir';
        fs.entries.set(p, fe);
        stack.push(p);
        continue;
      }
      if (st.isSymbolicLink()) {
        fe.type = 'symlink';
        fe.linkname = readlinkSync(full);
        fs.entries.set(p, fe);
        continue;
      }
      if (!st.isFile()) {
        fs.entries.set(p, fe);
        continue;
      }
      fe.type = 'file';
      fs.entries.set(p, fe);
      fs.totalBytes += st.size;
      if (fs.totalBytes > limits.maxTotalBytes)
        throw new LimitError('bytes', `${root}: more than ${limits.maxTotalBytes} bytes`);
      if (!visitor.wants(fe)) continue;
      if (st.size > limits.maxFileBytes) {
        warnings.push({ path: p, message: `file of ${st.size} bytes not read (limit)` });
        continue;
      }
      // read through a descriptor opened on the lstat-ed regular file; O_NOFOLLOW refuses a swapped-in link
      let fd: number;
      try {
        fd = openSync(full, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      } catch (e) {
        warnings.push({ path: p, message: (e as Error).message });
        continue;
      }
      try {
        const buf = Buffer.alloc(st.size);
        let off = 0;
        while (off < st.size) {
          const n = readSync(fd, buf, off, st.size - off, off);
          if (n === 0) break;
          off += n;
        }
        visitor.onFile(fe, buf.subarray(0, off), layer);
      } catch (e) {
        warnings.push({ path: p, message: (e as Error).message });
      } finally {
        closeSync(fd);
      }
    }
  }
}
