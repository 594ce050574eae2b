// Per-key rate limits for the HTTP host (per API key and per client address), in memory. The algorithm is GCRA
// (the generic cell rate algorithm, a token bucket written as one timestamp): each key keeps only its "theoretical
// arrival time", so memory is constant per key whatever the limit, unlike a sliding log; and it refills
// smoothly at limit/window, so there is no double burst at a window edge as with fixed windows. A quiet key may
// burst up to `limit` calls, then gets one more every window/limit; after a whole quiet window it has all
// `limit` again. Keys are kept in least-recently-used order and the oldest dropped past `maxKeys`: a dropped key
// starts afresh, which only errs towards letting a call through, and is the key least likely to be limited.

export interface RateLimiterOptions {
  /** Calls allowed per window (and as a burst). */
  readonly limit: number;
  readonly windowMs: number;
  /** The clock in milliseconds; tests drive it by hand. */
  readonly now?: () => number;
  /** Keys remembered at most; default 10,000. */
  readonly maxKeys?: number;
}

/** The answer to one call, with what the rate-limit headers tell the client. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Calls that could be made right now after this one. */
  readonly remaining: number;
  /** Seconds until the key has its whole `limit` again. */
  readonly resetSeconds: number;
  /** Seconds until a refused call may be retried (at least 1); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/** Rounding in `base + count × interval` stays far below this; without it the limit-th call could be refused. */
const SLACK_MS = 0.01;

/**
 * A key's theoretical arrival time, kept as `base + count × interval` rather than a running sum, so that float error
 * does not pile up over a burst (at Date.now() magnitudes one ulp is about 0.25 µs).
 */
interface Arrival {
  readonly base: number;
  readonly count: number;
}

export class RateLimiter {
  readonly limit: number;
  private readonly windowMs: number;
  /** The time one call "occupies": window / limit. */
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;
  /** Key → arrival time, in least-recently-used order (a Map iterates in insertion order). */
  private readonly arrivals = new Map<string, Arrival>();

  constructor(options: RateLimiterOptions) {
    if (!(Number.isInteger(options.limit) && options.limit >= 1)) throw new RangeError('limit must be an integer >= 1');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be > 0');
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.intervalMs = options.windowMs / options.limit;
    this.now = options.now ?? Date.now;
    this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  }

  /** Counts one call for `key`, or refuses it (a refused call is not counted). */
  take(key: string): RateDecision {
    const now = this.now();
    const stored = this.arrivals.get(key);
    // A key whose arrival time has passed owes nothing: it starts again from now.
    const current = stored && this.at(stored) > now ? stored : { base: now, count: 0 };
    const next = { base: current.base, count: current.count + 1 };
    // Allowed when, after this call, the key's debt stays within one window.
    const allowed = this.at(next) - now <= this.windowMs + SLACK_MS;
    const held = allowed ? next : current;
    this.remember(key, held, stored !== undefined);
    const debt = this.at(held) - now;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, Math.floor((this.windowMs - debt + SLACK_MS) / this.intervalMs)),
      resetSeconds: Math.max(0, Math.ceil((debt - SLACK_MS) / 1000)),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((this.at(next) - this.windowMs - now - SLACK_MS) / 1000)),
    };
  }

  /** Keys remembered now (for tests and metrics). */
  get size(): number {
    return this.arrivals.size;
  }

  private at(arrival: Arrival): number {
    return arrival.base + arrival.count * this.intervalMs;
  }

  private remember(key: string, arrival: Arrival, known: boolean): void {
    if (known) this.arrivals.delete(key); // re-inserted at the end: most recently used
    this.arrivals.set(key, arrival);
    while (this.arrivals.size > this.maxKeys) {
      const oldest = this.arrivals.keys().next().value as string;
      this.arrivals.delete(oldest);
    }
  }
}

/**
 * The IETF draft's rate-limit fields (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`, in seconds) and,
 * on a refusal, `Retry-After`.
 */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    ...(decision.allowed ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(decision.retryAfterSeconds))) }),
  };
}
