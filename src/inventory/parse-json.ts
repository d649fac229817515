import { linesOfOffsets, type ParsedFile } from './documents.js';

/** Parses a JSON file as one document. V8's JSON.parse is iterative, so deep nesting cannot overflow the stack. */
export function parseJsonFile(text: string): ParsedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const line = position ? linesOfOffsets(text, [Number(position[1])])[0]! : 1;
    return { documents: [], errors: [{ index: 0, line, message: `invalid JSON: ${message}` }] };
  }
  const start = text.search(/\S/);
  const line = linesOfOffsets(text, [Math.max(start, 0)])[0]!;
  const items = listItems(value);
  if (!items) return { documents: [{ index: 0, line, value }], errors: [] };
  const itemLines =
    prettyItemLines(text, items.length) ?? scannedItemLines(text, items.length) ?? items.map(() => line);
  return { documents: [{ index: 0, line, value, itemLines }], errors: [] };
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function scannedItemLines(text: string, count: number): number[] | undefined {
  const offsets = itemStartOffsets(text, count);
  return offsets ? linesOfOffsets(text, offsets) : undefined;
}

function listItems(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const items = (value as Record<string, unknown>)['items'];
  return Array.isArray(items) ? items : undefined;
}

/**
 * The line where each element of the top-level `items` array starts, in the layout pretty-printers (kubectl,
 * JSON.stringify) produce: each element opens with a `{` alone on a line, indented two levels. One pass over the
 * lines finds them; the count must match, or the layout was something else. Undefined when it does not apply.
 */
export function prettyItemLines(text: string, count: number): number[] | undefined {
  const key = /^( +)"items": \[\r?$/m.exec(text);
  if (!key) return undefined;
  const opening = `${' '.repeat(key[1]!.length * 2)}{`;
  const lines: number[] = [];
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const length = text.charCodeAt(stop - 1) === 13 ? stop - 1 - start : stop - start;
    if (length === opening.length && text.startsWith(opening, start) && start > key.index) lines.push(line);
    if (end < 0) break;
    start = end + 1;
  }
  return lines.length === count ? lines : undefined;
}

/**
 * Where each element of the top-level `items` array starts, for JSON in any layout. JSON.parse gives no positions
 * and no JSON library with positions comes near its speed, so this scan tracks strings and nesting itself.
 * Returns undefined when the elements cannot be located (they are then given the list's own line).
 */
export function itemStartOffsets(text: string, count: number): number[] | undefined {
  const offsets: number[] = [];
  let depth = 0;
  let afterItemsKey = false;
  let inItems = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      if (inItems && depth === 2 && expectValue) offsets.push(i);
      expectValue = false;
      if (depth === 1 && end - i === 6 && text.startsWith('"items"', i)) afterItemsKey = true;
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (inItems && depth === 2 && expectValue) offsets.push(i);
      if (depth === 1 && afterItemsKey && c === OPEN_BRACKET) {
        inItems = true;
        expectValue = true;
      } else {
        expectValue = false;
      }
      afterItemsKey = false;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (inItems && depth < 2) break;
    } else if (c === COMMA) {
      if (depth === 1) afterItemsKey = false;
      if (inItems && depth === 2) expectValue = true;
    } else if (c > 32 && c !== 58 && inItems && depth === 2 && expectValue) {
      offsets.push(i);
      expectValue = false;
    }
  }
  return offsets.length === count ? offsets : undefined;
}

/** Index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}
