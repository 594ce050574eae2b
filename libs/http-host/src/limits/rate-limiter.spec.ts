import { describe, expect, it } from '@jest/globals';
import { RateLimiter, rateLimitHeaders } from './rate-limiter.js';

/** A limiter on a hand-driven clock. */
function limiter(limit: number, windowMs: number, maxKeys?: number) {
  let now = 1_767_225_600_000; // a realistic epoch, so float sums are tested at real magnitudes
  const rate = new RateLimiter({ limit, windowMs, now: () => now, ...(maxKeys === undefined ? {} : { maxKeys }) });
  return { rate, advance: (ms: number) => (now += ms) };
}

const takeMany = (rate: RateLimiter, key: string, count: number) => Array.from({ length: count }, () => rate.take(key));

describe('RateLimiter', () => {
  it('allows a burst of limit calls, counting down, and refuses the next with a retry time', () => {
    const { rate } = limiter(3, 60_000);
    expect(takeMany(rate, 'k', 3)).toEqual([
      { allowed: true, limit: 3, remaining: 2, resetSeconds: 20, retryAfterSeconds: 0 },
      { allowed: true, limit: 3, remaining: 1, resetSeconds: 40, retryAfterSeconds: 0 },
      { allowed: true, limit: 3, remaining: 0, resetSeconds: 60, retryAfterSeconds: 0 },
    ]);
    expect(rate.take('k')).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 60, retryAfterSeconds: 20 });
  });

  it('does not count refused calls, refills one call per window/limit, and is whole again after a window', () => {
    const { rate, advance } = limiter(3, 60_000);
    takeMany(rate, 'k', 3);
    takeMany(rate, 'k', 5).forEach((decision) => expect(decision.allowed).toBe(false));
    advance(19_999);
    expect(rate.take('k')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    advance(1);
    expect(rate.take('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(rate.take('k').allowed).toBe(false);
    advance(60_000);
    expect(takeMany(rate, 'k', 4).map((decision) => decision.allowed)).toEqual([true, true, true, false]);
  });

  it('allows exactly limit calls when window/limit is not a whole number', () => {
    const { rate, advance } = limiter(7, 1_000);
    for (let round = 0; round < 50; round++) {
      expect(takeMany(rate, 'k', 8).map((decision) => decision.allowed)).toEqual([true, true, true, true, true, true, true, false]);
      advance(1_000);
    }
    const large = limiter(997, 60_000);
    for (let round = 0; round < 5; round++) {
      const allowed = takeMany(large.rate, 'k', 998).map((decision) => decision.allowed);
      expect([allowed.indexOf(false), allowed.lastIndexOf(true)]).toEqual([997, 996]);
      large.advance(60_000);
    }
  });

  it('keeps keys apart', () => {
    const { rate } = limiter(2, 10_000);
    takeMany(rate, 'a', 2);
    expect(rate.take('a').allowed).toBe(false);
    expect(rate.take('b')).toMatchObject({ allowed: true, remaining: 1 });
    expect(rate.take('a').allowed).toBe(false);
  });

  it('remembers at most maxKeys keys, dropping the least recently used', () => {
    const { rate } = limiter(1, 60_000, 3);
    for (const key of ['a', 'b', 'c']) expect(rate.take(key).allowed).toBe(true);
    expect(rate.take('a').allowed).toBe(false); // a is now the most recently used; b the least
    expect(rate.take('d').allowed).toBe(true); // drops b
    expect(rate.size).toBe(3);
    expect(rate.take('a').allowed).toBe(false); // kept
    expect(rate.take('c').allowed).toBe(false); // kept
    expect(rate.take('b').allowed).toBe(true); // forgotten, so afresh (and now d is dropped)
    expect(rate.size).toBe(3);
    for (let index = 0; index < 1_000; index++) rate.take(`flood-${index}`);
    expect(rate.size).toBe(3);
  });

  it('refuses nonsense limits', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1.5, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('rateLimitHeaders', () => {
  it('gives the draft fields, and Retry-After (whole seconds, at least 1) only on refusal', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 10, remaining: 9, resetSeconds: 6, retryAfterSeconds: 0 })).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '9',
      'RateLimit-Reset': '6',
    });
    expect(rateLimitHeaders({ allowed: false, limit: 10, remaining: 0, resetSeconds: 60, retryAfterSeconds: 0.2 })).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '60',
      'Retry-After': '1',
    });
    const { rate } = limiter(1, 90_000);
    rate.take('k');
    expect(rateLimitHeaders(rate.take('k'))).toMatchObject({ 'Retry-After': '90', 'RateLimit-Remaining': '0' });
  });
});
