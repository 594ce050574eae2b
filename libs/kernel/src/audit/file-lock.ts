// A lock between processes that share a directory (an MCP server, a CLI call and the HTTP host can share one
// ORCAOPS_HOME): a lock file created with O_EXCL, which exactly one creator wins. A holder that died leaves its
// lock behind; it is broken once older than `staleMs`, which is far longer than anything done under it.
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export interface FileLockOptions {
  /** A lock older than this is taken to be left by a process that died, and broken. */
  readonly staleMs: number;
  /** Longest pause between attempts (each pause is random up to this, so waiters do not retry in step). */
  readonly retryMs?: number;
}

/** Runs `work` while holding the lock file `path`; waits for another holder (at most about `staleMs`). */
export async function withFileLock<T>(path: string, work: () => Promise<T>, options: FileLockOptions): Promise<T> {
  await acquire(path, options);
  try {
    return await work();
  } finally {
    await unlink(path).catch(ignoreMissing);
  }
}

async function acquire(path: string, options: FileLockOptions): Promise<void> {
  const retryMs = options.retryMs ?? 20;
  for (;;) {
    try {
      await (await open(path, 'wx', 0o600)).close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!(await breakIfStale(path, options.staleMs))) await pause(1 + Math.random() * retryMs);
  }
}

/**
 * Removes the lock if it is stale; true when the caller should try again at once. The lock is moved aside before it
 * is judged, so that two waiters who both saw it stale cannot both remove it (the second would remove the lock the
 * first has just taken): only one rename succeeds, and a lock found fresh once moved aside is put back.
 */
async function breakIfStale(path: string, staleMs: number): Promise<boolean> {
  const age = await ageOf(path);
  if (age === null) return true;
  if (age <= staleMs) return false;
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    ignoreMissing(error);
    return true;
  }
  const movedAge = await ageOf(aside);
  // A holder took the lock between the look and the move: give it back (unless a third process has one by now).
  if (movedAge !== null && movedAge <= staleMs) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(ignoreMissing);
  return true;
}

/** Milliseconds since the file was last written, or null when it is gone. */
async function ageOf(path: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch (error) {
    ignoreMissing(error);
    return null;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
