import { describe, expect, it } from '@jest/globals';
import { fitPage, replyRoom } from './fit-page.js';
import { REPLY_HEADROOM_BYTES } from './fit-items.js';
import { createReplyBudget, replyWireBytes } from './reply-budget.js';

const items = Array.from({ length: 700 }, (_, index) => ({ id: `item-${index}`, note: 'n'.repeat(index % 53) }));
const build = (page: readonly unknown[], next_offset: number | null) => ({ items: page, next_offset, total: items.length });

describe('fitPage', () => {
  it('ends a page at limit when the budget allows it', () => {
    const { reply, kept, nextOffset } = fitPage(items, { offset: 100, limit: 50 }, 1_000_000, build);
    expect(kept).toBe(50);
    expect(nextOffset).toBe(150);
    expect(reply.items).toEqual(items.slice(100, 150));
    expect(reply.next_offset).toBe(150);
  });

  it('ends a page where the budget does, with next_offset at the first item left out, and the reply says the same offset', () => {
    const { reply, kept, nextOffset } = fitPage(items, { offset: 10, limit: 700 }, 8192, build);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(690);
    expect(replyWireBytes(reply)).toBeLessThanOrEqual(8192);
    expect(replyWireBytes(build(items.slice(10, 10 + kept + 1), 10 + kept + 1))).toBeGreaterThan(8192);
    expect(nextOffset).toBe(10 + kept);
    expect(reply.next_offset).toBe(10 + kept);
  });

  it('walks the whole list, every item once, in budget-sized pages', () => {
    const seen: unknown[] = [];
    let pages = 0;
    let offset: number | null = 0;
    while (offset !== null) {
      const { reply, nextOffset }: { reply: ReturnType<typeof build>; nextOffset: number | null } = fitPage(items, { offset, limit: 1000 }, 4096, build);
      expect(replyWireBytes(reply)).toBeLessThanOrEqual(4096);
      seen.push(...reply.items);
      offset = nextOffset;
      pages++;
    }
    expect(seen).toEqual(items);
    expect(pages).toBeGreaterThan(5);
  });

  it('gives an empty last page past the end, and keeps one item that does not fit so paging moves on', () => {
    expect(fitPage(items, { offset: 5000, limit: 10 }, 4096, build)).toMatchObject({ kept: 0, nextOffset: null, reply: { items: [], next_offset: null } });
    expect(fitPage(items, { offset: 0, limit: 10 }, 10, build)).toMatchObject({ kept: 1, nextOffset: 1 });
  });

  it('leaves the invoker its headroom', () => {
    expect(replyRoom(createReplyBudget(65_536))).toBe(65_536 - REPLY_HEADROOM_BYTES);
    expect(replyRoom(createReplyBudget(100))).toBe(0);
  });
});
