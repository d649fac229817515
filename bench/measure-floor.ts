/**
 * The floor a scan is measured against: reading the same bytes and parsing them (JSON.parse for JSON, the `yaml`
 * library the inventory uses for YAML), nothing else. Prints one JSON line with the time and the bytes read.
 * Usage: node dist/bench/measure-floor.js PATH...
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

async function files(location: string): Promise<string[]> {
  const stat = await fs.stat(location);
  if (!stat.isDirectory()) return [location];
  const entries = (await fs.readdir(location)).sort();
  return (await Promise.all(entries.map((entry) => files(path.join(location, entry))))).flat();
}

const start = performance.now();
let bytes = 0;
let values = 0;
for (const arg of process.argv.slice(2)) {
  for (const file of await files(arg)) {
    const ext = path.extname(file).toLowerCase();
    if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') continue;
    const text = await fs.readFile(file, 'utf8');
    bytes += text.length;
    if (ext === '.json') values += JSON.parse(text) ? 1 : 0;
    else values += parseAllDocuments(text, { version: '1.1' }).map((doc) => doc.toJS()).length;
  }
}
process.stdout.write(JSON.stringify({ ms: performance.now() - start, bytes, values }) + '\n');
