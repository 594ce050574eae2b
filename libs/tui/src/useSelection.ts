import { useRef, useState } from 'react';
import type { Key } from 'ink';

export interface Selection<T> {
  /** Index of the selected row in `rows` (0 when the selected one is gone or nothing is selected yet). */
  readonly index: number;
  /** The selected row, or null when there are no rows. */
  readonly selected: T | null;
  /** The selected row as of the last key (several keys of a burst are handled before the next render). */
  current(): T | null;
  /** Handles ↑↓ j k; false for any other key. */
  moveKey(input: string, key: Key): boolean;
}

/**
 * The selected row of a refreshed list, kept by id so that rows arriving or leaving above it do not move the
 * selection. The id also lives in a ref, so every key of a burst moves from where the last one left it.
 */
export function useSelection<T>(rows: readonly T[], idOf: (row: T) => string, initialId: string | null = null): Selection<T> {
  const [selectedId, setSelectedId] = useState<string | null>(initialId);
  const live = useRef({ rows, selectedId });
  live.current.rows = rows;
  const indexIn = (list: readonly T[], id: string | null) => Math.max(0, list.findIndex((row) => idOf(row) === id));
  const index = indexIn(rows, selectedId);

  const current = () => live.current.rows[indexIn(live.current.rows, live.current.selectedId)] ?? null;
  const moveKey = (input: string, key: Key): boolean => {
    const delta = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : 0;
    if (delta === 0) return false;
    const list = live.current.rows;
    if (list.length === 0) return true;
    const to = Math.max(0, Math.min(list.length - 1, indexIn(list, live.current.selectedId) + delta));
    live.current.selectedId = idOf(list[to]!);
    setSelectedId(live.current.selectedId);
    return true;
  };
  return { index, selected: rows[index] ?? null, current, moveKey };
}
