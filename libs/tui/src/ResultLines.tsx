import { Fragment, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { INDENT, type Line } from './result-format.js';

/** One formatted line. Every line truncates rather than wraps, so the scroll window counts real rows. */
export function LineView({ line, depth = 0 }: { readonly line: Line; readonly depth?: number }) {
  const indent = INDENT.repeat(line.depth + depth);
  switch (line.kind) {
    case 'section':
      return <Text bold wrap="truncate-end">{`${indent}${line.label}`}</Text>;
    case 'field':
      return (
        <Text wrap="truncate-end">
          {indent}
          <Text color="cyan">{line.key.padEnd(line.keyWidth)}</Text>
          {'  '}
          <Text dimColor={line.muted}>{line.value}</Text>
        </Text>
      );
    case 'table-header':
      return <Text dimColor wrap="truncate-end">{`${indent}${line.text}`}</Text>;
    case 'row':
      return <Text wrap="truncate-end">{`${indent}${line.text}`}</Text>;
    case 'text':
      return <Text dimColor={line.muted} wrap="truncate-end">{`${indent}${line.text}`}</Text>;
  }
}

/** Which lines a scrolled window shows. */
export interface ScrollWindow {
  readonly top: number;
  readonly size: number;
  /** The largest useful offset; 0 when everything fits. */
  readonly max: number;
}

/** The window for `total` lines in `height` rows at `offset`; one row goes to the indicator when they do not fit. */
export function scrollWindow(total: number, height: number | undefined, offset: number): ScrollWindow {
  const size = height === undefined || total <= height ? total : Math.max(1, height - 1);
  const max = total - size;
  return { top: Math.max(0, Math.min(offset, max)), size, max };
}

/** The visible part of `lines`, with a position indicator (and the scroll keys) when not everything fits. */
export function LinesWindow<T>({ lines, window, render }: { readonly lines: readonly T[]; readonly window: ScrollWindow; readonly render: (line: T) => ReactNode }) {
  const { top, size } = window;
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + size).map((line, index) => (
        <Fragment key={top + index}>{render(line)}</Fragment>
      ))}
      <ScrollIndicator window={window} total={lines.length} />
    </Box>
  );
}

/** "lines 4–12 of 40" and the scroll keys, only when not everything fits. */
export function ScrollIndicator({ window, total }: { readonly window: ScrollWindow; readonly total: number }) {
  const { top, size, max } = window;
  if (max === 0) return null;
  return <Text dimColor wrap="truncate-end">{`lines ${top + 1}–${top + size} of ${total} · ↑↓ j k pgup pgdn g G scroll`}</Text>;
}
