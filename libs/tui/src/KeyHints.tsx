import { Text } from 'ink';

/** Which keys do something right now; the footer never advertises a key that is ignored. */
export type HintMode = 'list' | 'running' | 'result';

const HINTS: Record<HintMode, string> = {
  list: '↑↓/j k move · enter run · q quit',
  running: 'esc cancel · q quit',
  result: 'esc back · q quit',
};

export function KeyHints({ mode }: { readonly mode: HintMode }) {
  return (
    <Text dimColor wrap="truncate-end">
      {HINTS[mode]}
    </Text>
  );
}
