/** `promise`'s value, or `'hung'` when it has not settled within `ms` (the promise itself is left to run). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
