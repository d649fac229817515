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
  const offsets = itemStartOffsets(text, items.length);
  const itemLines = offsets ? linesOfOffsets(text, offsets) : items.map(() => line);
  return { documents: [{ index: 0, line, value, itemLines }], errors: [] };
}

function listItems(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const items = (value as Record<string, unknown>)['items'];
  return Array.isArray(items) ? items : undefined;
}

/**
 * Where each element of the top-level `items` array starts. JSON.parse gives no positions and no JSON library with
 * positions comes near its speed, so we locate the elements ourselves: first by the layout that pretty-printers
 * (kubectl, JSON.stringify) produce, checked by count, then by a scan that tracks strings and nesting.
 * Returns undefined when the elements cannot be located (they are then given the list's own line).
 */
export function itemStartOffsets(text: string, count: number): number[] | undefined {
  return prettyItemOffsets(text, count) ?? scannedItemOffsets(text, count);
}

function prettyItemOffsets(text: string, count: number): number[] | undefined {
  const key = /^( +)"items": \[\r?$/m.exec(text);
  if (!key) return undefined;
  const unit = key[1]!.length;
  const element = new RegExp(`^ {${unit * 2}}\\{\\r?$`, 'gm');
  const offsets: number[] = [];
  for (let match = element.exec(text); match; match = element.exec(text)) offsets.push(match.index + unit * 2);
  return offsets.length === count ? offsets : undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function scannedItemOffsets(text: string, count: number): number[] | undefined {
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
