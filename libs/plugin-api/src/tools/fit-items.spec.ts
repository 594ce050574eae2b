import { describe, expect, it } from '@jest/globals';
import { fitItems } from './fit-items.js';
import { replyWireBytes } from './reply-budget.js';

const rows = Array.from({ length: 500 }, (_, index) => ({ id: `row-${index}`, note: 'x'.repeat(index % 97) }));
const page = (kept: readonly unknown[]) => ({ rows: kept, next_offset: kept.length < rows.length ? kept.length : null });

describe('fitItems', () => {
  it('keeps everything when it fits', () => {
    expect(fitItems(rows, 10_000_000, page).kept).toBe(500);
  });

  it('keeps the longest prefix that fits, so the next page starts exactly after it', () => {
    const { reply, kept } = fitItems(rows, 8192, page);
    expect(replyWireBytes(reply)).toBeLessThanOrEqual(8192);
    expect(replyWireBytes(page(rows.slice(0, kept + 1)))).toBeGreaterThan(8192);
    expect(reply.next_offset).toBe(kept);
  });

  it('keeps the minimum asked for even when it does not fit', () => {
    expect(fitItems(rows, 10, page, 1).kept).toBe(1);
    expect(fitItems(rows, 10, page).kept).toBe(0);
  });
});
