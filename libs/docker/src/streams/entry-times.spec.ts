import { describe, expect, it } from '@jest/globals';
import { Demuxer } from './demux.js';
import { EntryTimes } from './entry-times.js';

function frame(stream: 1 | 2, payload: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(payload), 4);
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('EntryTimes', () => {
  it('takes the engine time off each frame, across chunk boundaries, and leaves look-alike output alone', () => {
    const events: string[] = [];
    const demuxer = new Demuxer(
      new EntryTimes({
        onStdout: (chunk) => events.push(`out ${chunk.toString()}`),
        onStderr: (chunk) => events.push(`err ${chunk.toString()}`),
        onEntry: (stream, at) => events.push(`${stream} @ ${at.toISOString()}`),
      }),
    );
    const bytes = Buffer.concat([
      frame(1, '2024-05-06T07:08:09.123456789Z hello\n'),
      frame(2, '2024-05-06T07:08:10.5Z oops\n'),
      // A long line the engine split: the second piece's prefix is the engine's, its text stays whole.
      frame(1, '2024-05-06T07:08:11.000000001Z 2024-05-06T00:00:00Z looks like a time'),
      frame(1, '2024-05-06T07:08:12.000000000Z  and more\n'),
    ]);
    for (let at = 0; at < bytes.length; at += 7) demuxer.push(bytes.subarray(at, at + 7));
    const joined = events.reduce<string[]>((all, event) => {
      const last = all[all.length - 1];
      if (last && !event.includes(' @ ') && last.slice(0, 4) === event.slice(0, 4) && !last.includes(' @ ')) all[all.length - 1] = last + event.slice(4);
      else all.push(event);
      return all;
    }, []);
    expect(joined).toEqual([
      'stdout @ 2024-05-06T07:08:09.123Z',
      'out hello\n',
      'stderr @ 2024-05-06T07:08:10.500Z',
      'err oops\n',
      'stdout @ 2024-05-06T07:08:11.000Z',
      'out 2024-05-06T00:00:00Z looks like a time',
      'stdout @ 2024-05-06T07:08:12.000Z',
      'out  and more\n',
    ]);
  });
});
