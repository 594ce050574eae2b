import { Box, Text } from 'ink';
import { confirmLines, ConfirmPrompt } from './ConfirmPrompt.js';
import { ErrorView } from './ErrorView.js';
import { outputLines } from './job-format.js';
import type { ActionState } from './useConfirmedAction.js';

/** Rows the panel takes (an error's message may wrap, so it is an estimate there). */
export function actionPanelRows(state: ActionState): number {
  switch (state.kind) {
    case 'idle':
      return 0;
    case 'note':
    case 'succeeded':
      return 2;
    case 'confirm':
      return 1 + confirmLines(state.pending).length;
    case 'running':
      return 2 + state.messages.length;
    case 'failed':
      return 6 + (state.error.details ? 3 : 0);
  }
}

/** Below a view: the confirmation, the action running with its progress messages, or how it ended. */
export function ActionPanel({ state }: { readonly state: ActionState }) {
  if (state.kind === 'idle') return null;
  return (
    <Box marginTop={1} flexDirection="column">
      <Body state={state} />
    </Box>
  );
}

function Body({ state }: { readonly state: Exclude<ActionState, { kind: 'idle' }> }) {
  switch (state.kind) {
    case 'note':
      return <Text color="yellow">{state.text}</Text>;
    case 'confirm':
      return <ConfirmPrompt pending={state.pending} />;
    case 'running':
      return (
        <Box flexDirection="column">
          <Text color="yellow" wrap="truncate-end">{`⟳ ${state.doing}… (esc cancels)`}</Text>
          {state.messages.map((message, index) => (
            <Text key={index} dimColor wrap="truncate-end">{`  │ ${outputLines(message).join(' ')}`}</Text>
          ))}
        </Box>
      );
    case 'succeeded':
      return <Text color="green" wrap="truncate-end">{`✓ ${state.text}`}</Text>;
    case 'failed':
      return (
        <Box flexDirection="column">
          <Text color="red" wrap="truncate-end">{`✗ ${state.doing} failed`}</Text>
          <ErrorView error={state.error} />
        </Box>
      );
  }
}
