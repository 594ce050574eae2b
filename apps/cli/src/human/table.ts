/** A column of a table for people: its header, the cell of a row, and how it gives way on a narrow terminal. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  /** Shortened (with "…") when the table is wider than the terminal; the others keep their width. */
  readonly shrink?: boolean;
  /** Which end of a shortened cell is kept: the start (default), or the end (paths, whose last part tells rows apart). */
  readonly keep?: 'start' | 'end';
  readonly align?: 'right';
}

/** Columns this narrow are not shortened further. */
const MIN_SHRUNK = 8;
const GAP = '  ';

/**
 * Rows as aligned columns. On a terminal (`width` given) the table fits it: shrinkable columns give up width,
 * widest first; if that is not enough, columns are left out from the right. The first column (the id or name to
 * copy) is never cut. Cells never carry control characters, so a hostile image name or command cannot move the
 * cursor or colour the terminal.
 */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width?: number): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.cell(row))));
  const widths = columns.map((column, index) => Math.max(length(column.header), ...cells.map((line) => length(line[index]!))));
  const shown = width === undefined ? columns.length : fit(widths, columns, width);
  const line = (values: readonly string[]) =>
    values
      .slice(0, shown)
      .map((value, index) => {
        const cut = clip(value, widths[index]!, columns[index]!.keep ?? 'start');
        return columns[index]!.align === 'right' ? cut.padStart(widths[index]!) : cut + ' '.repeat(widths[index]! - length(cut));
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n') + '\n';
}

/** Narrows `widths` to fit `width`; returns how many columns, from the left, are shown. */
function fit<Row>(widths: number[], columns: readonly Column<Row>[], width: number): number {
  const total = (count: number) => widths.slice(0, count).reduce((sum, value) => sum + value, 0) + GAP.length * (count - 1);
  let excess = total(widths.length) - width;
  while (excess > 0) {
    let widest = -1;
    for (let index = 0; index < widths.length; index++) {
      if (columns[index]!.shrink && widths[index]! > MIN_SHRUNK && (widest === -1 || widths[index]! > widths[widest]!)) widest = index;
    }
    if (widest === -1) break;
    widths[widest]!--;
    excess--;
  }
  let shown = widths.length;
  while (shown > 1 && total(shown) > width) shown--;
  return shown;
}

/** Characters as the terminal counts them (code points; wide characters are rare in these tables). */
function length(text: string): number {
  return [...text].length;
}

function clip(text: string, max: number, keep: 'start' | 'end'): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return keep === 'end' ? `…${chars.slice(chars.length - max + 1).join('')}` : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Control characters (C0, DEL, C1) and the invisible characters that reorder or hide text (bidirectional
 * overrides and isolates, zero-width characters) shown as "?", so that what is printed reads as what it is.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '?');
}

/** The terminal's width when stdout is one; undefined when it is a pipe or file (then nothing is cut). */
export function terminalWidth(stream: NodeJS.WriteStream): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
