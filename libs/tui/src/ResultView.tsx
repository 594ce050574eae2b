import { useMemo } from 'react';
import { Box, Text, useInput } from 'ink';
import { splitKeys } from './keys.js';
import { toLines, type Line } from './result-format.js';
import { ErrorView } from './ErrorView.js';
import { LineView, LinesWindow } from './ResultLines.js';
import type { CallState } from './useToolCall.js';
import { useScrollWindow } from './useScrollWindow.js';

export interface ResultViewProps {
  readonly state: Exclude<CallState, { status: 'idle' }>;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
}

/** Rows above the data: the status line and a blank. */
const TITLE_ROWS = 2;

/**
 * The call in progress, or its outcome: data as a readable tree, a failure as code, message and suggestion.
 * Long data scrolls (Ink repaints badly once output is taller than the terminal). The scroll keys are handled
 * here, in a component mounted while the call is still running, so the listener is already in place when the
 * result arrives; `useScrollWindow` keeps the position in a ref so that every key of a burst counts.
 */
export function ResultView({ state, height }: ResultViewProps) {
  const { tool } = state;
  const outcome = state.status === 'done' ? state.outcome : null;
  const lines = useMemo<readonly Line[]>(() => (outcome?.ok ? toLines(outcome.data, tool.presentation ?? {}) : []), [outcome, tool]);
  const { window: visible, scroll } = useScrollWindow(lines.length, height === undefined ? undefined : Math.max(3, height - TITLE_ROWS));
  useInput((input, key) => {
    for (const [one, itsKey] of splitKeys(input, key)) scroll(one, itsKey);
  });

  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{tool.title}</Text>
        <Text dimColor>{`  ${tool.name}  `}</Text>
        <Status state={state} />
      </Text>
      <Box marginTop={1} flexDirection="column">
        {state.status === 'running' ? (
          <Text dimColor>{progressText(state.progress)}</Text>
        ) : state.outcome.ok ? (
          <LinesWindow lines={lines} window={visible} render={(line) => <LineView line={line} />} />
        ) : (
          <ErrorView error={state.outcome.error} />
        )}
      </Box>
    </Box>
  );
}

function Status({ state }: { readonly state: ResultViewProps['state'] }) {
  if (state.status === 'running') return <Text color="yellow">running…</Text>;
  return state.outcome.ok ? <Text color="green">{`✓ ok in ${state.ms} ms`}</Text> : <Text color="red">{`✗ failed in ${state.ms} ms`}</Text>;
}

function progressText(progress: { progress: number; total?: number; message?: string } | undefined): string {
  if (!progress) return 'waiting for the tool to answer (esc cancels)';
  const count = progress.total === undefined ? `${progress.progress}` : `${progress.progress}/${progress.total}`;
  return progress.message ? `${count} · ${progress.message}` : count;
}
