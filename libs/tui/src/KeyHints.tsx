import { Text } from 'ink';

/** Which keys do something right now; the footer never advertises a key that is ignored. */
export type HintMode = 'list' | 'running' | 'result' | 'jobs' | 'job';

const HINTS: Record<HintMode, string> = {
  list: '↑↓/j k move · enter run · J jobs · q quit',
  running: 'esc cancel · J jobs · q quit',
  result: 'esc back · J jobs · q quit',
  jobs: '↑↓/j k select · enter open · esc back · q quit',
  job: '←→ step · ↑↓/j k pgup pgdn g G scroll logs · esc back · q quit',
};

export function KeyHints({ mode }: { readonly mode: HintMode }) {
  return (
    <Text dimColor wrap="truncate-end">
      {HINTS[mode]}
    </Text>
  );
}
