import { Text } from 'ink';
import { useKeyGate } from './key-gate.js';
import { footerText, type HintMode } from './key-table.js';

export type { HintMode } from './key-table.js';

/**
 * The footer of a view with actions: an open confirmation or a running action takes the keys, so its hints win
 * over the view's own.
 */
export function actionHintMode(viewMode: HintMode, action: { readonly kind: string }): HintMode {
  return action.kind === 'confirm' ? 'confirm' : action.kind === 'running' ? 'acting' : viewMode;
}

/** The keys that work right now, from the key table; it also tells the help overlay which screen is showing. */
export function KeyHints({ mode }: { readonly mode: HintMode }) {
  // Written while rendering: the footer drawn last is the screen on view, and `?` reads it only on a later key.
  useKeyGate().screen.mode = mode;
  return (
    <Text dimColor wrap="truncate-end">
      {footerText(mode)}
    </Text>
  );
}
