import { createContext, useContext } from 'react';
import type { HintMode } from './key-table.js';

/**
 * What the App and the views share about keys. Ink hands every key to every `useInput`, so while the help overlay
 * is open the views must stop listening (`active`), and while a view's filter takes typed text the App must not
 * read q, J, S, C, H or ? as commands (`screen.typing`). `screen.mode` is the footer last drawn: the screen whose
 * keys the help overlay lists.
 */
export interface KeyGate {
  readonly active: boolean;
  readonly screen: { mode: HintMode; typing: boolean };
}

export const KeyGateContext = createContext<KeyGate>({ active: true, screen: { mode: 'list', typing: false } });

export function useKeyGate(): KeyGate {
  return useContext(KeyGateContext);
}
