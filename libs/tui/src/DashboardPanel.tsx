import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface DashboardPanelProps {
  readonly title: string;
  /** Dim text after the title: the tool, a count. */
  readonly detail?: string;
  /** Rows for the body; the panel always takes exactly 1 + rows, so the screen does not move between refreshes. */
  readonly rows: number;
  readonly children: ReactNode;
}

/** A titled panel of fixed height; a body taller than `rows` is clipped (bodies fit themselves with fitLines). */
export function DashboardPanel({ title, detail, rows, children }: DashboardPanelProps) {
  return (
    <Box flexDirection="column" height={1 + rows} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color="blue">
          {title}
        </Text>
        {detail ? <Text dimColor>{`  ${detail}`}</Text> : null}
      </Text>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
