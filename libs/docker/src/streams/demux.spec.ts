import { describe, expect, it } from '@jest/globals';
import { Demuxer } from './demux.js';
import { frame } from '../test-fixtures/frame.js';

function collect(): { out: string[]; err: string[]; target: { onStdout(c: Buffer): void; onStderr(c: Buffer): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, target: { onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()) } };
}

describe('Demuxer', () => {
  it('splits frames into stdout and stderr', () => {
    const { out, err, target } = collect();
    const demuxer = new Demuxer(target);
    demuxer.push(Buffer.concat([frame(1, 'out1\n'), frame(2, 'err1\n'), frame(1, 'out2\n')]));
    demuxer.end();
    expect(out.join('')).toBe('out1\nout2\n');
    expect(err.join('')).toBe('err1\n');
  });

  it('reassembles headers and payloads cut anywhere, byte by byte', () => {
    const stream = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, ''), frame(1, 'world')]);
    const { out, err, target } = collect();
    const demuxer = new Demuxer(target);
    for (let i = 0; i < stream.length; i++) demuxer.push(stream.subarray(i, i + 1));
    demuxer.end();
    expect(out.join('')).toBe('hello world');
    expect(err.join('')).toBe('oops');
  });

  it('passes payloads on as views of the input, without copying', () => {
    const input = frame(1, 'abc');
    const seen: Buffer[] = [];
    new Demuxer({ onStdout: (c) => seen.push(c), onStderr: () => {} }).push(input);
    expect(seen[0]!.buffer).toBe(input.buffer);
  });

  it('passes a TTY container’s raw output through as stdout', () => {
    const { out, err, target } = collect();
    const demuxer = new Demuxer(target);
    demuxer.push(Buffer.from('plain text from a tty\r\n'));
    demuxer.push(Buffer.from('more'));
    demuxer.end();
    expect(out.join('')).toBe('plain text from a tty\r\nmore');
    expect(err).toEqual([]);
  });

  it('flushes raw output shorter than a header at the end', () => {
    const { out, target } = collect();
    const demuxer = new Demuxer(target);
    demuxer.push(Buffer.from('hi\n'));
    demuxer.end();
    expect(out.join('')).toBe('hi\n');
  });
});
