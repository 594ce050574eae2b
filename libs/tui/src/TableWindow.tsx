import { Box, Text } from 'ink';
import { windowAround } from './job-format.js';
import { StyledLineView } from './StyledLines.js';
import type { StyledTable } from './table-format.js';

export interface TableWindowProps {
  readonly table: StyledTable;
  /** A stable React key per row (the row's id). */
  readonly keys: readonly string[];
  readonly selected: number;
  /** Rows available below the header, or undefined for "as many as needed". */
  readonly height?: number | undefined;
}

/** The header and the rows that fit, kept around the selection, with "(a–b of n)" when not all fit. */
export function TableWindow({ table, keys, selected, height }: TableWindowProps) {
  const total = table.rows.length;
  const room = height === undefined ? total : height;
  // One row goes to the "(a–b of n)" indicator when not all rows fit.
  const [start, end] = windowAround(total, total <= room ? total : Math.max(1, room - 1), selected);
  return (
    <Box flexDirection="column">
      <StyledLineView line={table.header} />
      {table.rows.slice(start, end).map((line, index) => (
        <StyledLineView key={keys[start + index] ?? start + index} line={line} />
      ))}
      {end - start < total && <Text dimColor>{`  (${start + 1}–${end} of ${total})`}</Text>}
    </Box>
  );
}
