import { Box, Text } from 'ink';
import { helpRows, type HintMode } from './key-table.js';

export interface HelpOverlayProps {
  readonly mode: HintMode;
  /** Rows available; rows beyond are left out with a count, so the overlay never scrolls the screen. */
  readonly height?: number | undefined;
}

/** `?`: the current screen's keys and what each does, from the same table as the footer. */
export function HelpOverlay({ mode, height }: HelpOverlayProps) {
  const rows = helpRows(mode);
  const width = Math.max(...rows.map(([keys]) => keys.length));
  const room = height === undefined ? rows.length : Math.max(1, height - 2);
  const shown = rows.length > room ? rows.slice(0, room - 1) : rows;
  return (
    <Box flexDirection="column">
      <Text bold>{`Keys · ${mode}`}</Text>
      {shown.map(([keys, does]) => (
        <Text key={keys} wrap="truncate-end">
          <Text color="cyan">{`  ${keys.padEnd(width)}  `}</Text>
          {does}
        </Text>
      ))}
      {shown.length < rows.length && <Text dimColor>{`  … ${rows.length - shown.length} more`}</Text>}
      <Text dimColor>any key closes this help</Text>
    </Box>
  );
}
