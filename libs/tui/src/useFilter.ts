import { useEffect, useRef, useState } from 'react';
import type { Key } from 'ink';
import { useKeyGate } from './key-gate.js';

export interface FilterState {
  /** What rows must contain (any case); '' keeps them all. */
  readonly text: string;
  /** True while keys are typed into the filter rather than used by the list. */
  readonly typing: boolean;
}

export interface Filter extends FilterState {
  /**
   * `/` starts typing; while typing every key is the filter's (Enter keeps the text, Esc clears it, Backspace
   * erases, Ctrl+U clears). Not typing, Esc clears a filter that is set. True when the key was the filter's.
   */
  handleKey(input: string, key: Key): boolean;
  /** The rows any of whose `fields` contain the text. */
  apply<T>(rows: readonly T[], fields: (row: T) => ReadonlyArray<string | null | undefined>): readonly T[];
}

const OFF: FilterState = { text: '', typing: false };

/** `/` to narrow a list as you type. Its state lives in a ref too, so every key of a burst ("/web") counts. */
export function useFilter(): Filter {
  const gate = useKeyGate();
  const [state, setState] = useState<FilterState>(OFF);
  const live = useRef<FilterState>(OFF);
  const set = (next: FilterState) => {
    live.current = next;
    // At once, not at the next render: the App reads it for the very next key of the burst.
    gate.screen.typing = next.typing;
    setState(next);
  };
  // A view that closes while typing must not leave the App believing keys are text.
  useEffect(
    () => () => {
      gate.screen.typing = false;
    },
    [gate],
  );

  const handleKey = (input: string, key: Key): boolean => {
    const current = live.current;
    if (!current.typing) {
      if (input === '/' && !key.ctrl && !key.meta) set({ text: current.text, typing: true });
      else if (key.escape && current.text !== '') set(OFF);
      else return false;
      return true;
    }
    if (key.escape) set(OFF);
    else if (key.return) set({ text: current.text, typing: false });
    else if (key.backspace || key.delete) set({ text: current.text.slice(0, -1), typing: true });
    else if (key.ctrl && input === 'u') set({ text: '', typing: true });
    else if (input !== '' && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow && !key.tab) set({ text: current.text + input, typing: true });
    return true;
  };

  const apply = <T,>(rows: readonly T[], fields: (row: T) => ReadonlyArray<string | null | undefined>): readonly T[] => {
    const needle = state.text.toLowerCase();
    if (needle === '') return rows;
    return rows.filter((row) => fields(row).some((field) => field?.toLowerCase().includes(needle)));
  };

  return { ...state, handleKey, apply };
}
