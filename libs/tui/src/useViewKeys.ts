import { useRef } from 'react';
import { useInput, type Key } from 'ink';
import { useKeyGate } from './key-gate.js';
import { splitKeys } from './keys.js';

/**
 * Feeds a view its keys one at a time (bursts split). Once the handler returns false, the view is leaving (Esc,
 * Enter): the rest of the burst and any later key are not meant for it and are ignored. While the help overlay is
 * open the view hears nothing (the key that closes it is not the view's).
 */
export function useViewKeys(handleKey: (input: string, key: Key) => boolean): void {
  const left = useRef(false);
  const gate = useKeyGate();
  useInput(
    (input, key) => {
      if (left.current) return;
      for (const [one, itsKey] of splitKeys(input, key)) {
        if (!handleKey(one, itsKey)) {
          left.current = true;
          return;
        }
      }
    },
    { isActive: gate.active },
  );
}
