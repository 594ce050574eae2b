import { fitItems, REPLY_HEADROOM_BYTES } from './fit-items.js';
import type { ReplyBudget } from './reply-budget.js';

/** Where a page starts and how many items it may hold at most (a tool's `offset` and `limit` arguments). */
export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

/** A page fitted to a byte budget. */
export interface FittedPage<R> {
  readonly reply: R;
  /** Items on the page. */
  readonly kept: number;
  /** Offset of the first item left out, or null when the page reaches the end of the list. */
  readonly nextOffset: number | null;
}

/** Bytes a tool may spend on what it returns under `budget`: its limit less the room the invoker's envelope needs. */
export function replyRoom(budget: ReplyBudget): number {
  return Math.max(0, budget.limit - REPLY_HEADROOM_BYTES);
}

/**
 * One page of a list the tool holds whole: at most `limit` items from `offset`, and of those the longest prefix
 * whose reply (as `build` makes it) fits `limitBytes` ({@link fitItems}). `build` is given the items and the
 * `next_offset` that goes with them, so the offset a caller pages on with is exact whichever of `limit` and the
 * budget ended the page. A non-empty page keeps at least one item, so paging always moves on (an item too big on
 * its own is left to the invoker's generic cut).
 */
export function fitPage<T, R>(items: readonly T[], page: PageRequest, limitBytes: number, build: (pageItems: T[], nextOffset: number | null) => R): FittedPage<R> {
  const start = Math.min(page.offset, items.length);
  const window = items.slice(start, start + page.limit);
  const next = (count: number) => (start + count < items.length ? start + count : null);
  // fitItems hands over the window itself or slices of it, all arrays of our own, so the page may be a plain array.
  const { reply, kept } = fitItems(window, limitBytes, (pageItems) => build(pageItems as T[], next(pageItems.length)), Math.min(1, window.length));
  return { reply, kept, nextOffset: next(kept) };
}
