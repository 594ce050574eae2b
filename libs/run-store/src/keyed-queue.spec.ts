import { describe, expect, it } from '@jest/globals';
import { KeyedQueue } from './keyed-queue.js';

describe('KeyedQueue', () => {
  it('runs operations of one key in call order, other keys independently, and forgets idle keys', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const step = (name: string, ms: number) => () => new Promise<string>((resolve) => setTimeout(() => (order.push(name), resolve(name)), ms));
    const results = await Promise.all([
      queue.run('a', step('a1', 30)),
      queue.run('a', () => Promise.reject(new Error('a2'))).catch((error: Error) => error.message),
      queue.run('a', step('a3', 1)),
      queue.run('b', step('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(order).toEqual(['b1', 'a1', 'a3']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
