import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';

const RETRY_MS = 20;
const WAIT_MS = 10_000;
/** No registry update takes this long; an older lock is left over from a crash. */
const STALE_MS = 30_000;

/**
 * Runs `fn` holding an exclusive lock file next to the data it guards, so that several OrcaOps processes (the MCP
 * server and the TUI) can read-modify-write the same file without losing each other's updates. A lock whose
 * process is gone, or that is older than any update could take, is broken.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  // The first update in a fresh ORCAOPS_HOME comes before anything else created the directory.
  await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new OrcaError('CONFLICT', `Another OrcaOps process has held ${lockPath} for more than ${WAIT_MS / 1000} s.`, {
          suggestion: 'Retry; if no other OrcaOps process is running, delete the lock file.',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    if (Date.now() - info.mtimeMs > STALE_MS) return true;
    const pid = Number(content);
    // An empty file is a lock being written right now.
    return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
