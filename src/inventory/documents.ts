/** One document of a file, parsed to plain JSON-compatible values. */
export interface ParsedDocument {
  /** 0-based index of the document in its file. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  value: unknown;
  /** When the document is a mapping with an `items` list: the 1-based line where each item starts. */
  itemLines?: number[];
}

/** A document that could not be parsed. Parsers report at most one error per document. */
export interface DocumentError {
  index: number;
  line: number;
  message: string;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  errors: DocumentError[];
}

/**
 * 1-based line numbers of ascending character offsets in `text`, counting newlines with native indexOf so that a
 * large dump costs one pass.
 */
export function linesOfOffsets(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let cursor = 0;
  for (const offset of offsets) {
    for (;;) {
      const next = text.indexOf('\n', cursor);
      if (next === -1 || next >= offset) break;
      line++;
      cursor = next + 1;
    }
    lines.push(line);
  }
  return lines;
}
