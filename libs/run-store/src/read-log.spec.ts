import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { characterBoundary, characterEnd, characterStart, jsonBytes, replyWireBytes } from '@orcaops/plugin-api';
import { type LogReadOptions, type LogSlice } from '@orcaops/contracts';
import { FileRunStore } from './file-run-store.js';
import { makeRecord, tempHome } from './test-fixtures/records.js';

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
    expect(await store.readLog('logs', 'stderr', { maxBytes: 100 })).toEqual({ text: '', encoding: 'text', replaced: 0, offset: 0, nextOffset: null, size: 0, truncated: false });
    await expect(store.readLog('ghost', 'stdout', { maxBytes: 100 })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(store.readLog('logs', 'stdout', { maxBytes: 0 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.readLog('logs', 'stdout', { maxBytes: 10, offset: -1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('pages forward through a large log in slices of at most maxBytes as JSON, full, never splitting a character', async () => {
    const maxBytes = 65_537;
    let text = '';
    let offset: number | null = 0;
    let slices = 0;
    while (offset !== null) {
      const slice = await store.readLog('logs', 'stdout', { offset, maxBytes });
      expect(slice.offset).toBe(offset);
      expect(slice.size).toBe(BYTES.length);
      expect(slice).toMatchObject({ encoding: 'text', replaced: 0 });
      expect(jsonBytes(slice.text)).toBeLessThanOrEqual(maxBytes);
      // Full: one more character (at most 4 bytes, or 2 for an escaped newline) would not have fitted.
      if (slice.nextOffset !== null) expect(jsonBytes(slice.text)).toBeGreaterThan(maxBytes - 4);
      expect(slice.text).not.toContain('\uFFFD');
      expect(slice.truncated).toBe(slice.nextOffset !== null);
      text += slice.text;
      offset = slice.nextOffset;
      slices++;
    }
    expect(text).toBe(TEXT);
    expect(slices).toBeGreaterThanOrEqual(Math.ceil(jsonBytes(TEXT) / maxBytes));
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

  it('cuts a tail that does not fit in maxBytes to its longest end that does, at a character boundary, and says so', async () => {
    const tail = `${LINES.slice(-3).join('\n')}\n`;
    // Every budget from "one character" to "all but one character": the kept text is the longest suffix that fits.
    for (let maxBytes = 8; maxBytes < jsonBytes(tail); maxBytes += 7) {
      const slice = await store.readLog('logs', 'stdout', { tailLines: 3, maxBytes });
      expect(slice.truncated).toBe(true);
      expect(tail.endsWith(slice.text)).toBe(true);
      expect(jsonBytes(slice.text)).toBeLessThanOrEqual(maxBytes);
      const longer = [...tail.slice(0, tail.length - slice.text.length)].at(-1)! + slice.text;
      expect(jsonBytes(longer)).toBeGreaterThan(maxBytes);
      expect(slice.offset).toBe(BYTES.length - Buffer.byteLength(slice.text));
      expect(slice.nextOffset).toBeNull();
    }
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
    expect(await store.readLog('logs', 'stderr', { tailLines: 2, maxBytes: 100 })).toMatchObject({ text: 'b\nc', offset: 2, nextOffset: null, size: 5, truncated: false });
    expect(await store.readLog('logs', 'stderr', { tailLines: 50, maxBytes: 100 })).toMatchObject({ text: 'a\nb\nc', offset: 0, nextOffset: null, size: 5, truncated: false });
  });

  it('leaves a character still being written at the end for the next read', async () => {
    const partial = Buffer.concat([Buffer.from('done 漢'), Buffer.from('字').subarray(0, 2)]);
    await writeFile(store.logPath('logs', 'stderr'), partial);
    const slice = await store.readLog('logs', 'stderr', { offset: 0, maxBytes: 100 });
    expect(slice).toEqual({ text: 'done 漢', encoding: 'text', replaced: 0, offset: 0, nextOffset: partial.length - 2, size: partial.length, truncated: false });
    // Alone, the broken bytes are returned as they are, so a reader looping on nextOffset finishes.
    const rest = await store.readLog('logs', 'stderr', { offset: slice.nextOffset!, maxBytes: 100 });
    expect(rest).toMatchObject({ offset: partial.length - 2, nextOffset: null });
  });
});

/** Bytes no terminal would call text: every byte value, escape sequences, characters cut in half, long lines. */
function hostileLog(size: number, seed = 7): Buffer {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const pieces = [
    () => Buffer.from([random(256)]),
    () => Buffer.alloc(1 + random(64), random(32)),
    () => Buffer.from('\x1b[31mred\x1b[0m \x1b]0;title\x07'),
    () => Buffer.from('漢字😀 "quoted" \\'),
    () => Buffer.from('😀').subarray(0, 1 + random(3)),
    () => Buffer.from([0xff, 0xc3, 0x80, 0x80, 0x80, 0x80]),
    () => Buffer.alloc(random(8) === 0 ? 60_000 : 1 + random(100), 0x61 + random(26)),
    () => Buffer.from('\r\n'),
  ];
  const parts: Buffer[] = [];
  for (let total = 0; total < size; total += parts.at(-1)!.length) parts.push(pieces[random(pieces.length)]!());
  return Buffer.concat(parts).subarray(0, size);
}

describe('FileRunStore.readLog on output that is not text', () => {
  let remove: () => Promise<void>;
  let store: FileRunStore;
  const HOSTILE = hostileLog(1_500_000);
  // One 20 MB line (a progress bar that never printed a newline), of 1- and 3-byte characters.
  const LINE = Buffer.from(`${'ab漢'.repeat(4_000_000)}END`);
  beforeAll(async () => {
    let home: string;
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home });
    await store.create(makeRecord('hostile'));
    await writeFile(store.logPath('hostile', 'stdout'), HOSTILE);
    await writeFile(store.logPath('hostile', 'stderr'), LINE);
  });
  afterAll(() => remove());

  async function pageThrough(options: Omit<LogReadOptions, 'offset'>): Promise<LogSlice[]> {
    const slices: LogSlice[] = [];
    for (let offset: number | null = 0; offset !== null; offset = slices.at(-1)!.nextOffset) {
      const slice = await store.readLog('hostile', 'stdout', { ...options, offset });
      expect(slice.offset).toBe(offset); // no gap, no overlap
      expect(jsonBytes(slice.text)).toBeLessThanOrEqual(options.maxBytes);
      slices.push(slice);
    }
    return slices;
  }

  it('pages through hostile output in base64 and reassembles it byte for byte', async () => {
    const slices = await pageThrough({ maxBytes: 65_536, encoding: 'base64' });
    expect(Buffer.concat(slices.map((slice) => Buffer.from(slice.text, 'base64'))).equals(HOSTILE)).toBe(true);
    expect(slices.every((slice) => slice.encoding === 'base64' && slice.replaced === 0)).toBe(true);
    expect(slices.slice(0, -1).every((slice) => slice.truncated && jsonBytes(slice.text) > 65_536 - 4)).toBe(true);
  });

  it('pages through hostile output as text: readable, within budget, offsets exact', async () => {
    const slices = await pageThrough({ maxBytes: 65_536 });
    expect(slices.reduce((sum, slice) => sum + slice.replaced, 0)).toBeGreaterThan(10_000);
    for (const slice of slices) {
      expect(slice.encoding).toBe('text');
      // eslint-disable-next-line no-control-regex
      expect(slice.text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    }
    // Each slice stands for exactly the bytes up to the next: the same ranges read as base64 give the file back.
    const exact = await Promise.all(
      slices.map((slice) => store.readLog('hostile', 'stdout', { offset: slice.offset, end: slice.nextOffset ?? HOSTILE.length, maxBytes: 4 << 20, encoding: 'base64' })),
    );
    expect(Buffer.concat(exact.map((slice) => Buffer.from(slice.text, 'base64'))).equals(HOSTILE)).toBe(true);
  });

  it('keeps the text within maxReplyBytes as a reply counts it', async () => {
    const slice = await store.readLog('hostile', 'stdout', { offset: 0, maxBytes: 1 << 20, maxReplyBytes: 100_000 });
    expect(replyWireBytes(slice.text)).toBeLessThanOrEqual(100_000);
    expect(replyWireBytes(slice.text)).toBeGreaterThan(99_000);
    expect(slice.truncated).toBe(true);
  });

  it('tails one 20 MB line as its last bytes, with the offset where they start', async () => {
    const slice = await store.readLog('hostile', 'stderr', { tailLines: 200, maxBytes: 65_536 });
    expect(slice).toMatchObject({ truncated: true, nextOffset: null, size: LINE.length, replaced: 0 });
    expect(jsonBytes(slice.text)).toBeLessThanOrEqual(65_536);
    expect(jsonBytes(slice.text)).toBeGreaterThan(65_536 - 4);
    expect(slice.text.endsWith('ab漢END')).toBe(true);
    expect(slice.offset).toBe(LINE.length - Buffer.byteLength(slice.text));
    expect(LINE.subarray(slice.offset).toString()).toBe(slice.text);
    const exact = await store.readLog('hostile', 'stderr', { tailLines: 200, maxBytes: 65_536, encoding: 'base64' });
    expect(Buffer.from(exact.text, 'base64').equals(LINE.subarray(exact.offset))).toBe(true);
    expect(exact.offset).toBeLessThan(LINE.length - 40_000);
  });

  it('shows invalid UTF-8 and control characters as U+FFFD, and counts them', async () => {
    await writeFile(store.logPath('hostile', 'stdout'), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x00, 0x0a]));
    expect(await store.readLog('hostile', 'stdout', { offset: 0, maxBytes: 100 })).toMatchObject({ text: 'a\uFFFD\uFFFDb\uFFFD\n', replaced: 3 });
    await writeFile(store.logPath('hostile', 'stdout'), HOSTILE);
  });

  it('holds back an escape sequence cut off at the end, so the next read shows it whole', async () => {
    await writeFile(store.logPath('hostile', 'stderr'), 'ab\x1b[3');
    const first = await store.readLog('hostile', 'stderr', { offset: 0, maxBytes: 100 });
    expect(first).toMatchObject({ text: 'ab', nextOffset: 2, truncated: false, replaced: 0 });
    await writeFile(store.logPath('hostile', 'stderr'), 'ab\x1b[31mred\x1b[0m');
    expect(await store.readLog('hostile', 'stderr', { offset: 2, maxBytes: 100 })).toMatchObject({ text: 'red', nextOffset: null, replaced: 2 });
    // Cut by the budget inside a sequence: the slice ends before it rather than splitting it.
    const cut = await store.readLog('hostile', 'stderr', { offset: 0, maxBytes: 5 });
    expect(cut).toMatchObject({ text: 'ab', truncated: true });
    expect([2, 7]).toContain(cut.nextOffset);
    await writeFile(store.logPath('hostile', 'stderr'), LINE);
  });

  it('always moves on: a budget too small for one character still returns one', async () => {
    await writeFile(store.logPath('hostile', 'stderr'), '漢字');
    expect(await store.readLog('hostile', 'stderr', { offset: 0, maxBytes: 1 })).toMatchObject({ text: '漢', nextOffset: 3, truncated: true });
    expect(await store.readLog('hostile', 'stderr', { offset: 0, maxBytes: 1, encoding: 'base64' })).toMatchObject({ text: Buffer.from([0xe6]).toString('base64'), nextOffset: 1 });
    await writeFile(store.logPath('hostile', 'stderr'), LINE);
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
  it('judges a start from the bytes before it', () => {
    expect(characterBoundary(bytes, 2, bytes.length)).toBe(5); // inside 😀
    expect(characterBoundary(bytes, 5, bytes.length)).toBe(5);
    expect(characterBoundary(bytes, 1, bytes.length)).toBe(1);
    expect(characterBoundary(bytes, 0, bytes.length)).toBeNull();
    // Stray continuation bytes after a whole character are not skipped (they are shown as U+FFFD).
    const stray = Buffer.from([0x41, 0x80, 0x80, 0x42]);
    expect(characterBoundary(stray, 2, stray.length)).toBe(2);
  });
});
