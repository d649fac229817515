import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { Header } from 'tar';
import { EPOCH_MS } from './common.js';

/** Where generated files go: a folder, or a gzipped tar written as a stream. */
export interface Sink {
  /** Writes one file; `relPath` uses forward slashes. */
  write(relPath: string, content: string): Promise<void>;
  close(): Promise<void>;
  readonly files: number;
  readonly bytes: number;
}

export class DirectorySink implements Sink {
  files = 0;
  bytes = 0;
  private readonly made = new Set<string>();
  constructor(private readonly root: string) {}

  async write(relPath: string, content: string): Promise<void> {
    const file = path.join(this.root, ...relPath.split('/'));
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    const data = Buffer.from(content, 'utf8');
    writeFileSync(file, data);
    this.files++;
    this.bytes += data.length;
  }

  async close(): Promise<void> {}
}

const BLOCK = 512;

/**
 * A .tar.gz written entry by entry through gzip, without a temporary folder. Headers come from the `tar` package;
 * every entry has the same fixed mtime, mode and owner, so the archive's bytes depend only on the content.
 */
export class TarGzSink implements Sink {
  files = 0;
  bytes = 0;
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  private readonly dirs = new Set<string>();

  constructor(file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.gzip = createGzip({ level: 6 });
    this.out = createWriteStream(file);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.gzip.on('error', reject);
    });
    this.gzip.pipe(this.out);
  }

  private async push(chunk: Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await new Promise<void>((resolve) => this.gzip.once('drain', resolve));
  }

  private header(entryPath: string, type: 'File' | 'Directory', size: number): Buffer {
    const block = Buffer.alloc(BLOCK);
    const h = new Header({
      path: entryPath,
      type,
      size,
      mode: type === 'Directory' ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      mtime: new Date(EPOCH_MS),
    });
    h.encode(block, 0);
    if (h.needPax) throw new Error(`path too long for a tar header: ${entryPath}`);
    return block;
  }

  async write(relPath: string, content: string): Promise<void> {
    const parts = relPath.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (this.dirs.has(dir)) continue;
      this.dirs.add(dir);
      await this.push(this.header(dir, 'Directory', 0));
    }
    const data = Buffer.from(content, 'utf8');
    await this.push(this.header(relPath, 'File', data.length));
    await this.push(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) await this.push(Buffer.alloc(pad));
    this.files++;
    this.bytes += data.length;
  }

  async close(): Promise<void> {
    await this.push(Buffer.alloc(2 * BLOCK));
    this.gzip.end();
    await this.done;
  }
}
