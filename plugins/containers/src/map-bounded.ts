/**
 * `fn` over `items` with at most `limit` calls in flight, results in the items' order. Reading many containers at
 * once is what the engine is slowest at; a bound keeps one call from queueing hundreds of requests on it.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
