import { replyWireBytes } from './reply-budget.js';

/**
 * Room a tool leaves under `ctx.reply.limit` when it fits its own reply: the invoker's envelope (success flag,
 * a possible `reply_truncated` notice) goes around what the tool returns.
 */
export const REPLY_HEADROOM_BYTES = 2048;

/**
 * Keeps the longest prefix of `items` whose reply, as `build` makes it from that prefix, costs at most
 * `limitBytes` on the wire ({@link replyWireBytes}). For paged lists: the next page starts at `kept`, so the
 * caller's `next_offset` stays exact when the budget, not `limit`, ends the page. Keeps at least `minimum` items
 * (default 0; a tool that must show one row may ask for 1 and let the invoker cut inside it).
 */
export function fitItems<T, R>(items: readonly T[], limitBytes: number, build: (kept: readonly T[]) => R, minimum = 0): { reply: R; kept: number } {
  const all = build(items);
  if (replyWireBytes(all) <= limitBytes) return { reply: all, kept: items.length };
  let low = Math.min(minimum, items.length);
  let high = items.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (replyWireBytes(build(items.slice(0, mid))) <= limitBytes) low = mid;
    else high = mid - 1;
  }
  return { reply: build(items.slice(0, low)), kept: low };
}
