/** A column of a table for people: its header, the cell of a row, and whether it may be shortened to fit. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  /** Shortened (with "…") when the table is wider than the terminal; the others keep their width. */
  readonly shrink?: boolean;
  readonly align?: 'right';
}

/** Columns this narrow are not shortened further. */
const MIN_SHRUNK = 8;
const GAP = '  ';

/**
 * Rows as aligned columns. On a terminal (`width` given) the table fits it: shrinkable columns give up width,
 * widest first, and any line still too long is cut. Cells never carry control characters, so a hostile image name
 * or command cannot move the cursor or colour the terminal.
 */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width?: number): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.cell(row))));
  const widths = columns.map((column, index) => Math.max(length(column.header), ...cells.map((line) => length(line[index]!))));
  if (width !== undefined) fit(widths, columns, width);
  const line = (values: readonly string[]) => {
    const text = values
      .map((value, index) => {
        const cut = clip(value, widths[index]!);
        return columns[index]!.align === 'right' ? cut.padStart(widths[index]!) : cut + ' '.repeat(widths[index]! - length(cut));
      })
      .join(GAP)
      .trimEnd();
    return width === undefined ? text : clip(text, width);
  };
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n') + '\n';
}

function fit<Row>(widths: number[], columns: readonly Column<Row>[], width: number): void {
  let excess = widths.reduce((sum, value) => sum + value, 0) + GAP.length * (widths.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    for (let index = 0; index < widths.length; index++) {
      if (columns[index]!.shrink && widths[index]! > MIN_SHRUNK && (widest === -1 || widths[index]! > widths[widest]!)) widest = index;
    }
    if (widest === -1) return;
    widths[widest]!--;
    excess--;
  }
}

/** Characters as the terminal counts them (code points; wide characters are rare in these tables). */
function length(text: string): number {
  return [...text].length;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Control characters (C0, DEL, C1) shown as "?", so that a cell is only text. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The terminal's width when stdout is one; undefined when it is a pipe or file (then nothing is cut). */
export function terminalWidth(stream: NodeJS.WriteStream): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
