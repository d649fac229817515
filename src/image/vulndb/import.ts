import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { parseOsv, type OsvRecord } from './osv.js';
import type { VulnStore } from './store.js';

/** The largest single record accepted (osv.dev's largest are a few MB); protects against zip bombs. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const BATCH = 5000;

export interface ImportResult {
  records: number;
  files: number;
  errors: { source: string; message: string }[];
}

/**
 * Imports OSV records into the store from files (`.json`, `.yaml`, `.yml`), folders (recursively, in sorted
 * order) and zip archives such as the `all.zip` osv.dev publishes per ecosystem. A bad record becomes one error;
 * the rest still load.
 */
export async function importOsv(store: VulnStore, inputs: string[]): Promise<ImportResult> {
  const result: ImportResult = { records: 0, files: 0, errors: [] };
  let batch: OsvRecord[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    store.transaction(() => {
      for (const r of records) store.put(r);
    });
  };
  const add = (text: string, source: string) => {
    result.files++;
    try {
      const value = parseOsvAny(text, source);
      for (const r of value) {
        batch.push(r);
        result.records++;
      }
      if (batch.length >= BATCH) flush();
    } catch (e) {
      result.errors.push({ source, message: (e as Error).message });
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      result.errors.push({ source: input, message: (e as Error).message });
      continue;
    }
    if (st.isDirectory()) {
      for (const file of walk(input)) {
        if (file.endsWith('.zip')) await readZip(file, add, result);
        else add(readFileSync(file, 'utf8'), file);
      }
    } else if (input.endsWith('.zip')) {
      await readZip(input, add, result);
    } else {
      add(readFileSync(input, 'utf8'), input);
    }
  }
  flush();
  const sources = new Set<string>(JSON.parse(store.getMeta('sources') ?? '[]') as string[]);
  for (const i of inputs) sources.add(path.resolve(i));
  store.setMeta('sources', JSON.stringify([...sources].sort()));
  store.setMeta('importedAt', new Date().toISOString());
  return result;
}

/** One record, or a JSON array of records (some exports bundle them). */
function parseOsvAny(text: string, source: string): OsvRecord[] {
  if (text.trimStart().startsWith('[')) {
    const arr = JSON.parse(text) as unknown[];
    return arr.map((x, i) => parseOsv(JSON.stringify(x), `${source}[${i}]`));
  }
  return [parseOsv(text, source)];
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) yield* walk(full);
    else if (/\.(json|ya?ml|zip)$/i.test(name)) yield full;
  }
}

function readZip(file: string, add: (text: string, source: string) => void, result: ImportResult): Promise<void> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        result.errors.push({ source: file, message: err?.message ?? 'cannot open zip' });
        resolve();
        return;
      }
      zip.on('error', (e: Error) => {
        result.errors.push({ source: file, message: e.message });
        resolve();
      });
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const source = `${file}!${entry.fileName}`;
        if (entry.fileName.endsWith('/') || !/\.(json|ya?ml)$/i.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > MAX_RECORD_BYTES) {
          result.errors.push({ source, message: `entry larger than ${MAX_RECORD_BYTES} bytes` });
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            result.errors.push({ source, message: e?.message ?? 'cannot read entry' });
            zip.readEntry();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RECORD_BYTES) {
              stream.destroy(new Error(`entry larger than ${MAX_RECORD_BYTES} bytes`));
              return;
            }
            chunks.push(c);
          });
          stream.on('error', (er: Error) => {
            result.errors.push({ source, message: er.message });
            zip.readEntry();
          });
          stream.on('end', () => {
            add(Buffer.concat(chunks).toString('utf8'), source);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
