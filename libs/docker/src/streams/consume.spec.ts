import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { consume } from './consume.js';

describe('consume', () => {
  it('hands over every chunk and resolves on end', async () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    const done = consume(stream, (chunk) => seen.push(chunk.toString()));
    stream.write('a');
    stream.end('b');
    await done;
    expect(seen.join('')).toBe('ab');
  });

  it('rejects on a stream error', async () => {
    const stream = new PassThrough();
    const done = consume(stream, () => {});
    stream.destroy(new Error('socket hang up'));
    await expect(done).rejects.toThrow('socket hang up');
  });

  it('rejects with an AbortError and destroys the stream when the signal fires', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const done = consume(stream, () => {}, controller.signal);
    stream.write('x');
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(stream.destroyed).toBe(true);
  });

  it('rejects at once for a signal that already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = new PassThrough();
    await expect(consume(stream, () => {}, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(stream.destroyed).toBe(true);
  });

  it('rejects with what the handler throws, and stops reading', async () => {
    const stream = new PassThrough();
    const done = consume(stream, () => {
      throw new Error('handler failed');
    });
    stream.write('x');
    await expect(done).rejects.toThrow('handler failed');
    expect(stream.destroyed).toBe(true);
  });
});
