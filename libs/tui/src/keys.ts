import type { Key } from 'ink';

/** What a control character in a burst stands for, as Ink would have reported it alone. */
const CONTROL_KEYS: Readonly<Record<string, { readonly input: string; readonly key: Partial<Key> }>> = {
  '\r': { input: '', key: { return: true } },
  '\n': { input: '', key: { return: true } },
  '\t': { input: '', key: { tab: true } },
  '\u007F': { input: '', key: { delete: true } },
  '\b': { input: '', key: { backspace: true } },
  '\u0003': { input: 'c', key: { ctrl: true } },
};

/**
 * Ink hands several plain keystrokes that arrive in one read (fast typing, key repeat, `tmux send-keys`) to
 * `useInput` as one string, e.g. "jj\r". Navigation wants them one at a time, so split such a burst into the
 * keys Ink would have reported for each character. Escape sequences (arrows, Esc) are already separate events.
 */
export function splitKeys(input: string, key: Key): Array<readonly [string, Key]> {
  if (input.length <= 1) return [[input, key]];
  return [...input].map((char) => {
    const control = CONTROL_KEYS[char];
    if (control) return [control.input, { ...key, ...control.key }] as const;
    return [char, { ...key, shift: /[A-Z]/.test(char) }] as const;
  });
}
