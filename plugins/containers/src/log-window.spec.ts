import { describe, expect, it } from '@jest/globals';
import { LogWindow, type LogWindowResult } from './log-window.js';
import { isValidSince, parseSince, toUnixSeconds } from './since.js';

/** The window's lines with their bytes read as UTF-8, to compare with expected text. */
function asText(result: LogWindowResult) {
  return {
    ...result,
    lines: result.lines.map(({ stream, bytes, timestamp }) => ({ stream, text: bytes.toString('utf8'), ...(timestamp === undefined ? {} : { timestamp }) })),
  };
}

describe('LogWindow', () => {
  it('keeps lines of both streams in arrival order, joining lines split across chunks per stream', () => {
    const window = new LogWindow(1024, false);
    window.push('stdout', Buffer.from('one\ntw'));
    window.push('stderr', Buffer.from('err 1\n'));
    window.push('stdout', Buffer.from('o\r\nthree'));
    expect(asText(window.end())).toEqual({
      lines: [
        { stream: 'stdout', text: 'one' },
        { stream: 'stderr', text: 'err 1' },
        { stream: 'stdout', text: 'two' },
        { stream: 'stdout', text: 'three' },
      ],
      bytes: 20,
      truncated: false,
    });
  });

  it('keeps empty lines, and only the newest lines that fit in the cap (bytes include the newline)', () => {
    const window = new LogWindow(10, false);
    window.push('stdout', Buffer.from('aaaa\n\nbbbb\ncc\n'));
    expect(asText(window.end())).toEqual({
      lines: [
        { stream: 'stdout', text: '' },
        { stream: 'stdout', text: 'bbbb' },
        { stream: 'stdout', text: 'cc' },
      ],
      bytes: 9,
      truncated: true,
    });
  });

  it('fills the cap exactly without calling it truncated', () => {
    const window = new LogWindow(10, false);
    window.push('stderr', Buffer.from('1234\n5678\n'));
    expect(window.end()).toMatchObject({ bytes: 10, truncated: false });
  });

  it('keeps the end of a line longer than the cap, at a character boundary, and stays bounded while it grows', () => {
    const window = new LogWindow(16, false);
    window.push('stdout', Buffer.from('first\n'));
    for (let i = 0; i < 1000; i++) window.push('stdout', Buffer.from('é'.repeat(100)));
    window.push('stdout', Buffer.from('END\n'));
    const result = window.end();
    expect(result.truncated).toBe(true);
    // The last 15 bytes (and the newline) are kept; where they start is decided when the line is shown.
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({ stream: 'stdout', cut: true, logBytes: 16 });
    expect(result.lines[0]!.bytes.toString()).toBe(`${'é'.repeat(6)}END`);
    expect(result.bytes).toBe(16);
  });

  it('splits off the engine timestamp, counting it in the bytes; a line without one keeps its text', () => {
    const window = new LogWindow(1024, true);
    window.push('stdout', Buffer.from('2024-05-01T12:00:00.123456789Z hello world\n'));
    window.push('stderr', Buffer.from('2024-05-01T12:00:01.000000000+02:00 oops\nno stamp\n'));
    expect(asText(window.end())).toEqual({
      lines: [
        { stream: 'stdout', text: 'hello world', timestamp: '2024-05-01T12:00:00.123456789Z' },
        { stream: 'stderr', text: 'oops', timestamp: '2024-05-01T12:00:01.000000000+02:00' },
        { stream: 'stderr', text: 'no stamp' },
      ],
      bytes: 43 + 41 + 9,
      truncated: false,
    });
  });

  it('does not keep references to the caller\'s buffers', () => {
    const window = new LogWindow(1024, false);
    const chunk = Buffer.from('abc');
    window.push('stdout', chunk);
    chunk.write('xyz');
    expect(asText(window.end()).lines).toEqual([{ stream: 'stdout', text: 'abc' }]);
  });
});

describe('since', () => {
  const now = new Date('2024-05-01T12:00:00.000Z');

  it.each([
    ['10m', '2024-05-01T11:50:00.000Z'],
    ['30s', '2024-05-01T11:59:30.000Z'],
    ['2h', '2024-05-01T10:00:00.000Z'],
    ['1d', '2024-04-30T12:00:00.000Z'],
    ['1h30m', '2024-05-01T10:30:00.000Z'],
    ['1.5H', '2024-05-01T10:30:00.000Z'],
    ['0s', '2024-05-01T12:00:00.000Z'],
    ['2024-04-01T08:30:00Z', '2024-04-01T08:30:00.000Z'],
    ['2024-04-01T10:30:00+02:00', '2024-04-01T08:30:00.000Z'],
    ['2024-04-01T08:30:00.123456789Z', '2024-04-01T08:30:00.123Z'],
    ['2024-04-01', '2024-04-01T00:00:00.000Z'],
  ])('%s is %s', (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
    expect(isValidSince(value)).toBe(true);
  });

  it.each(['yesterday', '10', '10 m', '-5m', '2024-04-01T08:30:00', '2024-13-45T99:00:00Z', 'm', ''])('refuses %j', (value) => {
    expect(parseSince(value, now)).toBeNull();
    expect(isValidSince(value)).toBe(false);
  });

  it('gives the engine whole Unix seconds, never negative', () => {
    expect(toUnixSeconds(new Date('2024-05-01T12:00:00.900Z'))).toBe(1714564800);
    expect(toUnixSeconds(new Date(-5000))).toBe(0);
  });
});
