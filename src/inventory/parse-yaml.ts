import { LineCounter, isCollection, isMap, isNode, isSeq, parseDocument, visit, type Document, type Tags } from 'yaml';
import type { DocumentError, ParsedDocument, ParsedFile } from './documents.js';
import type { LoadLimits } from './limits.js';

/**
 * Kubernetes reads YAML with go-yaml, which follows YAML 1.1 (`yes`/`on` are booleans, `<<` merges). We parse as 1.1
 * too, but keep values JSON-compatible as Kubernetes does: timestamps stay strings, and the binary, set and ordered
 * map types are not constructed. Octal (`0777`), binary and `_`-separated integers resolve as go-yaml resolves them.
 */
const NON_JSON_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

function jsonCompatibleTags(tags: Tags): Tags {
  // go-yaml has no sexagesimal numbers either: `1:20` stays a string.
  return tags.filter((tag) => typeof tag === 'string' || (!NON_JSON_TAGS.has(tag.tag) && tag.format !== 'TIME'));
}

const HELM_HINT = 'looks like an unrendered Helm template ({{ ... }}): render it with `helm template` first';

/** One `---`-separated part of a YAML stream, with the line of the file it starts on. */
interface Chunk {
  text: string;
  firstLine: number;
}

/**
 * Splits a stream into documents the way kubectl does (k8s.io/apimachinery's YAMLReader): at every line that starts
 * with `---` followed by nothing but blanks or a comment, before any YAML parsing. A syntax error therefore stays
 * inside its own document (an unclosed quote cannot swallow the next one), exactly as kubectl sees the file.
 */
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let firstLine = 1;
  let line = 1;
  let cursor = 0;
  while (cursor <= text.length) {
    const newline = text.indexOf('\n', cursor);
    const end = newline < 0 ? text.length : newline;
    if (text.startsWith('---', cursor) && /^---[ \t]*(#.*)?\r?$/.test(text.slice(cursor, end))) {
      chunks.push({ text: text.slice(start, cursor), firstLine });
      start = end + 1;
      firstLine = line + 1;
    }
    if (newline < 0) break;
    cursor = newline + 1;
    line++;
  }
  chunks.push({ text: text.slice(start), firstLine });
  return chunks;
}

export function parseYamlFile(text: string, limits: LoadLimits): ParsedFile {
  const documents: ParsedDocument[] = [];
  const errors: DocumentError[] = [];
  splitDocuments(text).forEach((chunk, index) => {
    const parsed = parseChunk(chunk, index, limits);
    if (parsed && 'message' in parsed) errors.push(parsed);
    else if (parsed) documents.push(parsed);
  });
  return { documents, errors };
}

/** Parses one document; undefined when it is empty (only blanks and comments). */
function parseChunk(chunk: Chunk, index: number, limits: LoadLimits): ParsedDocument | DocumentError | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(chunk.text, {
    lineCounter,
    version: '1.1',
    customTags: jsonCompatibleTags,
    uniqueKeys: true,
  });
  const lineOf = (offset: number): number => chunk.firstLine - 1 + lineCounter.linePos(offset).line;
  const lastLine = lineOf(Math.max(0, chunk.text.trimEnd().length - 1));
  const start = lineOf(doc.contents?.range[0] ?? 0);
  const fail = (line: number, message: string): DocumentError => ({
    index,
    line: Math.min(Math.max(line, chunk.firstLine), lastLine),
    message,
  });
  const looksLikeHelm = chunk.text.includes('{{');
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const line = syntaxError.linePos ? chunk.firstLine - 1 + syntaxError.linePos[0].line : start;
    // The message's first line, without its own "at line L, column C:" (the error carries the line).
    const what = syntaxError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return fail(
      line,
      looksLikeHelm ? `${HELM_HINT} (${what}); document skipped` : `invalid YAML: ${what}; document skipped`,
    );
  }
  if (looksLikeHelm && hasCollectionKey(doc)) return fail(start, `${HELM_HINT}; document skipped`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const what =
      error instanceof ReferenceError && /alias/i.test(message)
        ? `too many YAML alias expansions (over ${limits.maxAliasCount}): a possible alias bomb`
        : error instanceof RangeError
          ? 'nesting too deep to read'
          : message;
    return fail(start, `${what}; document skipped`);
  }
  if (value === null || value === undefined) return undefined;
  const document: ParsedDocument = { index, line: start, value };
  if (isMap(doc.contents)) {
    const items = doc.contents.get('items', true);
    if (isSeq(items)) document.itemLines = items.items.map((item) => lineOf(isNode(item) ? (item.range?.[0] ?? 0) : 0));
  }
  return document;
}

/** `{{ .Values.x }}` parses as a flow mapping used as a key: never valid Kubernetes, always template syntax. */
function hasCollectionKey(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
