import { Text } from 'ink';

/** Which keys do something right now; the footer never advertises a key that is ignored. */
export type HintMode = 'list' | 'form' | 'formConfirm' | 'running' | 'result' | 'jobs' | 'job' | 'activeJob' | 'sandboxes' | 'sandbox' | 'containers' | 'container' | 'confirm' | 'acting';

const HINTS: Record<HintMode, string> = {
  list: '↑↓/j k move · enter run · e form · J jobs · S sandboxes · C containers · q quit',
  form: '↑↓/tab field · type to edit · space/←→ choose · ctrl+u clear · enter run · esc back',
  formConfirm: 'y/enter confirm · n/esc cancel · ctrl+c quit',
  running: 'esc cancel · J jobs · S sandboxes · C containers · q quit',
  result: 'esc back · J jobs · S sandboxes · C containers · q quit',
  jobs: '↑↓/j k select · enter open · esc back · q quit',
  job: '←→ step · ↑↓/j k pgup pgdn g G scroll logs · esc back · q quit',
  activeJob: '←→ step · ↑↓/j k pgup pgdn g G scroll logs · c cancel · esc back · q quit',
  sandboxes: '↑↓/j k select · enter open · s start · x stop · e exec · n new · esc back · q quit',
  sandbox: 's start · x stop · e exec · ↑↓/j k scroll · esc back · q quit',
  containers: '↑↓/j k select · enter logs · a all/running · i inspect · x stop · d remove · esc back · q quit',
  container: '↑↓/j k pgup pgdn g G scroll logs · i inspect · x stop · d remove · esc back · q quit',
  confirm: 'y/enter confirm · n/esc cancel · q quit',
  acting: 'esc cancel · q quit',
};

/**
 * The footer of a view with actions: an open confirmation or a running action takes the keys, so its hints win
 * over the view's own.
 */
export function actionHintMode(viewMode: HintMode, action: { readonly kind: string }): HintMode {
  return action.kind === 'confirm' ? 'confirm' : action.kind === 'running' ? 'acting' : viewMode;
}

export function KeyHints({ mode }: { readonly mode: HintMode }) {
  return (
    <Text dimColor wrap="truncate-end">
      {HINTS[mode]}
    </Text>
  );
}
