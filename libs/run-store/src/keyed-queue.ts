/**
 * Runs async operations one at a time per key, in call order, within this process. Keys with nothing pending
 * are dropped, so the map does not grow with the number of runs ever touched.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `operation` after every operation queued earlier for `key` has settled; resolves with its result. */
  run<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed predecessor must not block or fail the next operation; each caller sees only its own outcome.
    const result = previous.then(operation, operation);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running operations (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
