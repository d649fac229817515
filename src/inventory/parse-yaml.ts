import { LineCounter, isCollection, isMap, isNode, isSeq, parseAllDocuments, visit, type Document, type Tags } from 'yaml';
import type { DocumentError, ParsedDocument, ParsedFile } from './documents.js';
import type { LoadLimits } from './limits.js';

/**
 * Kubernetes reads YAML with go-yaml, which follows YAML 1.1 (`yes`/`on` are booleans, `<<` merges). We parse as 1.1
 * too, but keep values JSON-compatible as Kubernetes does: timestamps stay strings, and the binary, set and ordered
 * map types are not constructed.
 */
const NON_JSON_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

function jsonCompatibleTags(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || !NON_JSON_TAGS.has(tag.tag));
}

const HELM_HINT = 'looks like an unrendered Helm template ({{ ... }}): render it with `helm template` first';

export function parseYamlFile(text: string, limits: LoadLimits): ParsedFile {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    version: '1.1',
    customTags: jsonCompatibleTags,
    uniqueKeys: true,
  });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const documents: ParsedDocument[] = [];
  const errors: DocumentError[] = [];
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;

  docs.forEach((doc, index) => {
    const [docStart, , docEnd] = doc.range;
    const start = lineOf(doc.contents?.range[0] ?? docStart);
    const fail = (line: number, message: string): void => {
      errors.push({ index, line: Math.min(Math.max(line, lineOf(docStart)), lineOf(docEnd)), message });
    };
    const source = text.slice(docStart, docEnd);
    const looksLikeHelm = source.includes('{{');
    const syntaxError = doc.errors[0];
    if (syntaxError) {
      const line = syntaxError.linePos?.[0].line ?? start;
      const what = syntaxError.message.split('\n')[0]!;
      fail(line, looksLikeHelm ? `${HELM_HINT} (${what}); document skipped` : `invalid YAML: ${what}; document skipped`);
      return;
    }
    if (looksLikeHelm && hasCollectionKey(doc)) {
      fail(start, `${HELM_HINT}; document skipped`);
      return;
    }
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
      fail(start, `${what}; document skipped`);
      return;
    }
    if (value === null || value === undefined) return; // an empty document, as between two `---` lines
    const document: ParsedDocument = { index, line: start, value };
    if (isMap(doc.contents)) {
      const items = doc.contents.get('items', true);
      if (isSeq(items)) {
        document.itemLines = items.items.map((item) => lineOf(isNode(item) ? (item.range?.[0] ?? docStart) : docStart));
      }
    }
    documents.push(document);
  });
  return { documents, errors };
}

/** `{{ .Values.x }}` parses as a flow mapping used as a key: never valid Kubernetes, always template syntax. */
function hasCollectionKey(doc: Document.Parsed): boolean {
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
