import { describe, expect, it } from '@jest/globals';
import { decodeOutputText, toOutputText } from './output-text.js';

describe('toOutputText', () => {
  it('removes colours, cursor moves, titles and links, and counts them', () => {
    const shown = toOutputText('\u001B[1;32mPASS\u001B[0m tests\u001B[2K\u001B]0;title\u0007 \u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\');
    expect(shown).toEqual({ text: 'PASS tests link', replaced: 6 });
  });

  it('keeps tab, newline and carriage return, replaces every other control character', () => {
    expect(toOutputText('a\tb\r\nc\u0000d\u0001\u007F\u0085')).toEqual({ text: 'a\tb\r\nc\uFFFDd\uFFFD\uFFFD\uFFFD', replaced: 4 });
  });

  it('leaves ordinary text, including non-ASCII, untouched', () => {
    expect(toOutputText('héllo → 世界 🐳\n')).toEqual({ text: 'héllo → 世界 🐳\n', replaced: 0 });
  });

  it('swallows an unterminated sequence at the end, as a terminal would', () => {
    expect(toOutputText('ok\u001B]0;no end')).toEqual({ text: 'ok', replaced: 1 });
    expect(toOutputText('ok\u001B')).toEqual({ text: 'ok', replaced: 1 });
  });

  it('shows 8 KiB of every byte value in far fewer reply bytes than JSON escapes would take', () => {
    const bytes = Buffer.alloc(8192, 0);
    for (let index = 0; index < bytes.length; index++) bytes[index] = index % 32;
    const raw = JSON.stringify(bytes.toString('latin1')).length;
    const shown = JSON.stringify(decodeOutputText(bytes).text);
    expect(Buffer.byteLength(shown)).toBeLessThan(raw / 1.5);
  });
});

describe('decodeOutputText', () => {
  it('counts invalid UTF-8 as replaced, but not a U+FFFD the output really contains', () => {
    expect(decodeOutputText(Buffer.from([0x61, 0xff, 0x62, 0xef, 0xbf, 0xbd]))).toEqual({ text: 'a\uFFFDb\uFFFD', replaced: 1 });
  });
});
