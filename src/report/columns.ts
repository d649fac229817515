/**
 * Aligned text columns for the terminal report. Our own because the job is a dozen lines: pad each cell to its
 * column's widest value, leave the last column unpadded, and colour after padding so escape codes never count
 * towards a width.
 */

export interface ColumnsOptions {
  /** Spaces between columns. */
  gap?: number;
  /** Columns whose values are right-aligned (numbers). */
  alignRight?: readonly number[];
  /** Decorates one padded cell (e.g. colours it); called only for non-empty styles. */
  style?: (row: number, column: number, padded: string) => string;
  /** Prefix of every line. */
  indent?: string;
}

/** Width of a string as a terminal shows it, counting code points (wide East Asian characters count as one). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const _ of text) width++;
  return width;
}

/** Lays out rows (the first one usually a header) into lines whose columns line up. */
export function alignColumns(rows: readonly (readonly string[])[], options: ColumnsOptions = {}): string[] {
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = options.indent ?? '';
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  return rows.map((row, r) => {
    const cells = row.map((cell, c) => {
      const last = c === row.length - 1;
      const fill = ' '.repeat((widths[c] ?? 0) - displayWidth(cell));
      const padded = options.alignRight?.includes(c) ? fill + cell : last ? cell : cell + fill;
      return options.style ? options.style(r, c, padded) : padded;
    });
    return indent + cells.join(gap);
  });
}
