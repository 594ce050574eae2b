import { describe, expect, it } from '@jest/globals';
import { encodeOutput, fitOutputBytes, jsonBytes, outputReadBytes, type OutputFit } from './output-bytes.js';
import { replyWireBytes } from './reply-budget.js';

const controls = (length: number) => Buffer.from(Array.from({ length }, (_, index) => index % 32));

describe('fitOutputBytes', () => {
  it('keeps everything that fits, shown as text', () => {
    expect(fitOutputBytes(Buffer.from('héllo\n\u0001'), { encoding: 'text', maxBytes: 100, keep: 'start', atEnd: true })).toEqual({
      text: 'héllo\n\uFFFD',
      replaced: 1,
      from: 0,
      to: 8,
      cut: false,
    });
  });

  for (const keep of ['start', 'end'] as const) {
    it(`keeps the longest ${keep} of control characters whose JSON fits maxBytes`, () => {
      const bytes = controls(8192);
      for (const maxBytes of [10, 100, 1000, 4099]) {
        const fitted = fitOutputBytes(bytes, { encoding: 'text', maxBytes, keep });
        expect(fitted.cut).toBe(true);
        expect(jsonBytes(fitted.text)).toBeLessThanOrEqual(maxBytes);
        // One more byte on the kept side would not fit.
        const wider = keep === 'start' ? bytes.subarray(fitted.from, fitted.to + 1) : bytes.subarray(fitted.from - 1, fitted.to);
        expect(jsonBytes(encodeOutput(wider, 'text').text)).toBeGreaterThan(maxBytes);
        expect(keep === 'start' ? fitted.from : fitted.to).toBe(keep === 'start' ? 0 : bytes.length);
        expect(fitted.text).toBe(encodeOutput(bytes.subarray(fitted.from, fitted.to), 'text').text);
      }
    });
  }

  it('also keeps within maxReplyBytes, counted as a reply counts a string', () => {
    const bytes = Buffer.from('"\\'.repeat(5000));
    const fitted = fitOutputBytes(bytes, { encoding: 'text', maxBytes: 1 << 20, maxReplyBytes: 3000, keep: 'end' });
    expect(replyWireBytes(fitted.text)).toBeLessThanOrEqual(3000);
    expect(replyWireBytes(fitted.text)).toBeGreaterThan(2990);
  });

  it('never splits a character, whichever end it keeps', () => {
    const bytes = Buffer.from('漢字😀'.repeat(50));
    for (let maxBytes = 3; maxBytes < 400; maxBytes++) {
      for (const keep of ['start', 'end'] as const) {
        const fitted = fitOutputBytes(bytes, { encoding: 'text', maxBytes, keep, atEnd: true });
        expect(fitted.replaced).toBe(0);
        expect(Buffer.from(fitted.text).equals(bytes.subarray(fitted.from, fitted.to))).toBe(true);
      }
    }
  });

  it('judges the first byte by the context before it', () => {
    const bytes = Buffer.from('a漢b');
    // Context "a" and the first two bytes of 漢 before index 3: nothing is inside a character there.
    expect(fitOutputBytes(bytes, { encoding: 'text', maxBytes: 100, keep: 'start', context: 1 })).toMatchObject({ text: '漢b', from: 1 });
    // Index 2 is inside 漢: the slice starts after it.
    expect(fitOutputBytes(bytes, { encoding: 'text', maxBytes: 100, keep: 'start', context: 2 })).toMatchObject({ text: 'b', from: 4 });
    // Without context, a continuation byte at a real start is shown; after an unknown cut it is skipped.
    const stray = Buffer.from([0x80, 0x41]);
    expect(fitOutputBytes(stray, { encoding: 'text', maxBytes: 100, keep: 'end', atStart: true, atEnd: true })).toMatchObject({ text: '\uFFFDA', replaced: 1 });
    expect(fitOutputBytes(stray, { encoding: 'text', maxBytes: 100, keep: 'end', atEnd: true })).toMatchObject({ text: 'A', from: 1 });
  });

  it('holds back a character or escape sequence cut off at the end unless the output ended there', () => {
    const partial = Buffer.from('ok \u001b[1;3');
    expect(fitOutputBytes(partial, { encoding: 'text', maxBytes: 100, keep: 'start' })).toMatchObject({ text: 'ok ', to: 3, cut: false });
    expect(fitOutputBytes(partial, { encoding: 'text', maxBytes: 100, keep: 'start', atEnd: true })).toMatchObject({ text: 'ok ', to: partial.length, replaced: 1 });
    const cutChar = Buffer.concat([Buffer.from('ok'), Buffer.from('漢').subarray(0, 2)]);
    expect(fitOutputBytes(cutChar, { encoding: 'text', maxBytes: 100, keep: 'end' })).toMatchObject({ text: 'ok', to: 2 });
    expect(fitOutputBytes(cutChar, { encoding: 'text', maxBytes: 100, keep: 'end', atEnd: true })).toMatchObject({ text: 'ok\uFFFD', to: 4, replaced: 1 });
    const finished = Buffer.from('\u001b]0;title\u0007\u001b[0mx');
    expect(fitOutputBytes(finished, { encoding: 'text', maxBytes: 100, keep: 'start' })).toMatchObject({ text: 'x', to: finished.length, replaced: 2 });
  });

  it('gives base64 of exactly the kept bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => (index * 7) % 256));
    const fits: OutputFit = { encoding: 'base64', maxBytes: 402, keep: 'end' };
    const fitted = fitOutputBytes(bytes, fits);
    expect(fitted).toMatchObject({ to: 1000, cut: true, replaced: 0 });
    expect(jsonBytes(fitted.text)).toBeLessThanOrEqual(402);
    expect(Buffer.from(fitted.text, 'base64').equals(bytes.subarray(fitted.from))).toBe(true);
    expect(1000 - fitted.from).toBe(300);
  });

  it('keeps one character when the budget holds none, so paging moves on', () => {
    expect(fitOutputBytes(Buffer.from('漢字'), { encoding: 'text', maxBytes: 1, keep: 'start' })).toMatchObject({ text: '漢', from: 0, to: 3, cut: true });
    expect(fitOutputBytes(Buffer.from('漢字'), { encoding: 'text', maxBytes: 1, keep: 'end' })).toMatchObject({ text: '字', from: 3, to: 6, cut: true });
    expect(fitOutputBytes(Buffer.alloc(0), { encoding: 'text', maxBytes: 1, keep: 'end' })).toMatchObject({ text: '', cut: false });
  });
});

describe('outputReadBytes', () => {
  it('reads no more raw bytes than the encoded budget could show', () => {
    expect(outputReadBytes({ encoding: 'text', maxBytes: 65_536 })).toBe(65_536);
    expect(outputReadBytes({ encoding: 'text', maxBytes: 65_536, maxReplyBytes: 10_000 })).toBe(5000);
    expect(outputReadBytes({ encoding: 'base64', maxBytes: 402 })).toBe(300);
    expect(outputReadBytes({ encoding: 'text', maxBytes: 1 })).toBe(4);
  });
});
