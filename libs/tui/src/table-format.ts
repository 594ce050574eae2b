/**
 * A table of rows with one selected, as styled lines: the building block of the Sandboxes and Containers views
 * (pure, tested without Ink). Columns are padded to their widest cell (the last one is not); the selected row is
 * marked with `›` and its first cell highlighted.
 */
import type { Segment, StyledLine } from './job-format.js';

export interface Column<T> {
  readonly title: string;
  /** The cell's text. */
  readonly cell: (row: T) => string;
  /** The cell's colour (an Ink colour name), if any. */
  readonly color?: (row: T) => string | undefined;
  /** Longer cells are cut to this many characters, ending in `…`. */
  readonly max?: number;
}

export interface StyledTable {
  readonly header: StyledLine;
  readonly rows: readonly StyledLine[];
}

const GAP = '  ';

/** `rows` under `columns`; `selected` is the index of the marked row (-1 for none). */
export function styledTable<T>(columns: readonly Column<T>[], rows: readonly T[], selected: number): StyledTable {
  const cells = rows.map((row) => columns.map((column) => cut(column.cell(row), column.max)));
  const widths = columns.map((column, index) => Math.max(column.title.length, ...cells.map((line) => line[index]!.length)));
  const pad = (text: string, index: number) => (index === columns.length - 1 ? text : text.padEnd(widths[index]!));
  const header: StyledLine = [{ text: `  ${columns.map((column, index) => pad(column.title, index)).join(GAP)}`.trimEnd(), dim: true }];
  return {
    header,
    rows: rows.map((row, rowIndex): StyledLine => {
      const isSelected = rowIndex === selected;
      const segments: Segment[] = [{ text: isSelected ? '› ' : '  ', color: 'cyan' }];
      columns.forEach((column, index) => {
        if (index > 0) segments.push({ text: GAP });
        const color = column.color?.(row);
        segments.push({
          text: pad(cells[rowIndex]![index]!, index),
          ...(color ? { color } : {}),
          ...(isSelected && index === 0 ? { bold: true, inverse: true } : {}),
        });
      });
      return segments;
    }),
  };
}

/** `value` cut to `max` characters, the last one `…`. */
export function cut(value: string, max = Number.POSITIVE_INFINITY): string {
  const flat = value.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
