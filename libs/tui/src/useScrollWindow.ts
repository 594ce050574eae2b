import { useRef, useState } from 'react';
import type { Key } from 'ink';
import { scrollWindow, type ScrollWindow } from './ResultLines.js';

export interface ScrollOptions {
  /**
   * Start at the end and stay there as lines are added (like `tail -f`), until the user scrolls up; scrolling
   * back to the end (or G) follows again. For live logs.
   */
  readonly pinToEnd?: boolean;
}

export interface Scroller {
  /** What to draw now. */
  readonly window: ScrollWindow;
  /** Handles one scroll key (↑↓ j k, PgUp PgDn space, Home End g G); false for any other key. */
  scroll(input: string, key: Key): boolean;
  /** Back to the start (or, pinned, to the end), e.g. when other content is shown. */
  reset(): void;
}

/**
 * A scroll position over `total` lines in `height` rows. The key handler may run several times before the next
 * render (a burst of keys), so the position also lives in a ref and each key moves from where the last one left
 * it, clamped by the window of the latest render.
 */
export function useScrollWindow(total: number, height: number | undefined, options: ScrollOptions = {}): Scroller {
  const pin = options.pinToEnd ?? false;
  const start = pin ? null : 0;
  // null: at the end, following new lines.
  const [offset, setOffset] = useState<number | null>(start);
  const window = scrollWindow(total, height, offset ?? Number.MAX_SAFE_INTEGER);
  const live = useRef({ offset, window });
  live.current.window = window;

  const moveTo = (next: number) => {
    const { max } = live.current.window;
    const clamped = Math.max(0, Math.min(max, next));
    live.current.offset = pin && clamped >= max ? null : clamped;
    setOffset(live.current.offset);
  };

  const scroll = (input: string, key: Key): boolean => {
    const { size, max } = live.current.window;
    const top = live.current.offset === null ? max : Math.min(live.current.offset, max);
    let next: number;
    if (key.downArrow || input === 'j') next = top + 1;
    else if (key.upArrow || input === 'k') next = top - 1;
    else if (key.pageDown || input === ' ') next = top + size;
    else if (key.pageUp) next = top - size;
    else if (key.home || input === 'g') next = 0;
    else if (key.end || input === 'G') next = max;
    else return false;
    if (max > 0) moveTo(next);
    return true;
  };

  const reset = () => {
    live.current.offset = start;
    setOffset(start);
  };

  return { window, scroll, reset };
}
