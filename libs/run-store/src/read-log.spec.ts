import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { FileRunStore } from './file-run-store.js';
import { makeRecord, tempHome } from './test-fixtures/records.js';
import { characterEnd, characterStart } from './utf8.js';

// ~4.3 MB of lines mixing 1-, 2-, 3- and 4-byte characters, so that slice edges often fall inside a character.
const LINES = Array.from({ length: 100_000 }, (_, n) => `${String(n).padStart(6, '0')} αβ 漢字 😀 ok`);
const TEXT = `${LINES.join('\n')}\n`;
const BYTES = Buffer.from(TEXT);
/** Byte offset where line `n` starts. */
const lineStart = (n: number): number => Buffer.byteLength(LINES.slice(0, n).map((line) => `${line}\n`).join(''));

describe('FileRunStore.readLog', () => {
  let remove: () => Promise<void>;
  let store: FileRunStore;
  beforeAll(async () => {
    let home: string;
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home });
    await store.create(makeRecord('logs'));
    await writeFile(store.logPath('logs', 'stdout'), BYTES);
  });
  afterAll(() => remove());

  it('reads a missing log as empty and refuses unknown runs and bad options', async () => {
    expect(await store.readLog('logs', 'stderr', { maxBytes: 100 })).toEqual({ text: '', offset: 0, nextOffset: null, size: 0, truncated: false });
    await expect(store.readLog('ghost', 'stdout', { maxBytes: 100 })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(store.readLog('logs', 'stdout', { maxBytes: 0 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.readLog('logs', 'stdout', { maxBytes: 10, offset: -1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('pages forward through a large log in maxBytes slices that never split a character', async () => {
    const maxBytes = 65_537;
    let text = '';
    let offset: number | null = 0;
    let shortened = 0;
    let slices = 0;
    while (offset !== null) {
      const slice = await store.readLog('logs', 'stdout', { offset, maxBytes });
      expect(slice.offset).toBe(offset);
      expect(slice.size).toBe(BYTES.length);
      expect(Buffer.byteLength(slice.text)).toBeLessThanOrEqual(maxBytes);
      expect(slice.text).not.toContain('\uFFFD');
      expect(slice.truncated).toBe(slice.nextOffset !== null);
      if (slice.nextOffset !== null && slice.nextOffset - slice.offset < maxBytes) shortened++;
      text += slice.text;
      offset = slice.nextOffset;
      slices++;
    }
    expect(text).toBe(TEXT);
    expect(slices).toBe(Math.ceil(BYTES.length / maxBytes));
    expect(shortened).toBeGreaterThan(10); // edges did land inside characters, and were moved
  });

  it('moves an offset that points inside a character to the next character', async () => {
    const inside = lineStart(7) + Buffer.byteLength('000007 α') - 1; // the second byte of α
    const slice = await store.readLog('logs', 'stdout', { offset: inside, maxBytes: 20 });
    expect(slice.offset).toBe(inside + 1);
    expect(slice.text.startsWith('β 漢字')).toBe(true);
  });

  it('stops at end, and reports no next offset there', async () => {
    const slice = await store.readLog('logs', 'stdout', { offset: lineStart(1000), end: lineStart(1010), maxBytes: 1_000_000 });
    expect(slice.text).toBe(LINES.slice(1000, 1010).map((line) => `${line}\n`).join(''));
    expect(slice).toMatchObject({ offset: lineStart(1000), nextOffset: null, truncated: false });
    const cut = await store.readLog('logs', 'stdout', { offset: lineStart(1000), end: lineStart(1010), maxBytes: 100 });
    expect(cut).toMatchObject({ offset: lineStart(1000), truncated: true });
    expect(cut.nextOffset).toBeLessThanOrEqual(lineStart(1000) + 100);
  });

  it('returns the last lines', async () => {
    const slice = await store.readLog('logs', 'stdout', { tailLines: 5, maxBytes: 1_000_000 });
    expect(slice.text).toBe(LINES.slice(-5).map((line) => `${line}\n`).join(''));
    expect(slice).toMatchObject({ offset: lineStart(LINES.length - 5), nextOffset: null, size: BYTES.length, truncated: false });
    expect(await store.readLog('logs', 'stdout', { tailLines: 0, maxBytes: 10 })).toMatchObject({ text: '', offset: BYTES.length, truncated: false });
  });

  it('cuts a tail that does not fit in maxBytes at a character boundary and says so', async () => {
    // Choose maxBytes so that the byte it would start at is the third byte of 漢.
    const inside = BYTES.length - lineStart(LINES.length - 2) - Buffer.byteLength('099998 αβ ') - 2;
    const slice = await store.readLog('logs', 'stdout', { tailLines: 3, maxBytes: inside });
    expect(slice.truncated).toBe(true);
    expect(slice.offset).toBe(BYTES.length - inside + 1);
    expect(slice.text).toBe(`字 😀 ok\n${LINES.at(-1)}\n`);
  });

  it('tails one step: lines before end, never before offset', async () => {
    const step = { offset: lineStart(2000), end: lineStart(2010) };
    expect((await store.readLog('logs', 'stdout', { ...step, tailLines: 3, maxBytes: 10_000 })).text).toBe(
      LINES.slice(2007, 2010).map((line) => `${line}\n`).join(''),
    );
    const all = await store.readLog('logs', 'stdout', { ...step, tailLines: 100, maxBytes: 10_000 });
    expect(all).toMatchObject({ offset: step.offset, truncated: false, nextOffset: null });
    expect(all.text.split('\n')).toHaveLength(11);
  });

  it('tails a log with fewer lines than asked, and one without a final newline', async () => {
    await writeFile(store.logPath('logs', 'stderr'), 'a\nb\nc');
    expect(await store.readLog('logs', 'stderr', { tailLines: 2, maxBytes: 100 })).toEqual({ text: 'b\nc', offset: 2, nextOffset: null, size: 5, truncated: false });
    expect(await store.readLog('logs', 'stderr', { tailLines: 50, maxBytes: 100 })).toEqual({ text: 'a\nb\nc', offset: 0, nextOffset: null, size: 5, truncated: false });
  });

  it('leaves a character still being written at the end for the next read', async () => {
    const partial = Buffer.concat([Buffer.from('done 漢'), Buffer.from('字').subarray(0, 2)]);
    await writeFile(store.logPath('logs', 'stderr'), partial);
    const slice = await store.readLog('logs', 'stderr', { offset: 0, maxBytes: 100 });
    expect(slice).toEqual({ text: 'done 漢', offset: 0, nextOffset: partial.length - 2, size: partial.length, truncated: false });
    // Alone, the broken bytes are returned as they are, so a reader looping on nextOffset finishes.
    const rest = await store.readLog('logs', 'stderr', { offset: slice.nextOffset!, maxBytes: 100 });
    expect(rest).toMatchObject({ offset: partial.length - 2, nextOffset: null });
  });
});

describe('UTF-8 slice edges', () => {
  const bytes = Buffer.from('a😀b');
  it('finds character starts and ends', () => {
    expect(characterStart(bytes, 0, bytes.length)).toBe(0);
    expect(characterStart(bytes, 2, bytes.length)).toBe(5);
    expect(characterEnd(bytes, 0, 3)).toBe(1);
    expect(characterEnd(bytes, 0, 5)).toBe(5);
    expect(characterEnd(bytes, 0, 6)).toBe(6);
    const invalid = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x41]);
    expect(characterStart(invalid, 0, invalid.length)).toBe(0);
  });
});
