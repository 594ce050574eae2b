/** A seeded pseudo-random source: the same seed gives the same sequence, so a fuzz failure can be replayed. */
export interface Random {
  /** The seed this source started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A {@link Random} over mulberry32: small, fast and good enough to spread fuzz cases; not for anything secret.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

/**
 * A seed derived from a base seed and labels (e.g. a tool name and a case number), so that one case can be
 * replayed alone without generating the ones before it.
 */
export function deriveSeed(base: number, ...labels: ReadonlyArray<string | number>): number {
  // FNV-1a over the labels, then mixed with the base.
  let hash = 0x811c9dc5 ^ (base >>> 0);
  for (const label of labels) {
    for (const char of `${String(label)}\u0001`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}
