import { replyWireBytes } from '@orcaops/plugin-api';

/** Everything a walk through a paged list saw. */
export interface WalkedPages<T> {
  /** The items of every page, in order. */
  readonly items: T[];
  /** Each reply as the tool gave it. */
  readonly pages: Array<Record<string, unknown>>;
}

/**
 * Pages through a list the way a client does (offset = next_offset until it is null) and checks, on every page,
 * what paging promises: the reply fits `limitBytes` as a success envelope on the wire (so the invoker would not cut
 * it), carries no `reply_truncated`, and its `next_offset` is exactly `offset` plus the items on the page (no item
 * skipped or shown twice), with at least one item whenever it is not the last page. Throws on the first breach.
 */
export async function walkPages<T = unknown>(
  fetch: (offset: number) => Promise<Record<string, unknown>>,
  options: { readonly list: string; readonly limitBytes: number; readonly maxPages?: number },
): Promise<WalkedPages<T>> {
  const items: T[] = [];
  const pages: Array<Record<string, unknown>> = [];
  const maxPages = options.maxPages ?? 10_000;
  for (let offset: number | null = 0; offset !== null; ) {
    if (pages.length >= maxPages) throw new Error(`walkPages: more than ${maxPages} pages`);
    const reply = await fetch(offset);
    pages.push(reply);
    const where = `page ${pages.length} (offset ${offset})`;
    const bytes = replyWireBytes({ success: true, ...reply });
    if (bytes > options.limitBytes) throw new Error(`walkPages: ${where} takes ${bytes} bytes on the wire, over its limit of ${options.limitBytes}`);
    if ('reply_truncated' in reply) throw new Error(`walkPages: ${where} carries reply_truncated`);
    const page = reply[options.list];
    if (!Array.isArray(page)) throw new Error(`walkPages: ${where} has no list "${options.list}"`);
    const next = reply['next_offset'];
    if (next !== null && typeof next !== 'number') throw new Error(`walkPages: ${where} has no next_offset (number or null)`);
    if (next !== null && next !== offset + page.length) throw new Error(`walkPages: ${where} holds ${page.length} items but next_offset is ${String(next)}`);
    if (next !== null && page.length === 0) throw new Error(`walkPages: ${where} is empty but not the last`);
    items.push(...(page as T[]));
    offset = next;
  }
  return { items, pages };
}
