import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { inspectFileLease, type LeaseState } from '@orcaops/contracts';
import { count, nameSome, ok, warn, type Finding } from './finding.js';

/** `withFileLock` holds a lock for one read-modify-write; one held this long belongs to a process that is stuck. */
export const LOCK_HELD_TOO_LONG_MS = 60_000;
/** Entries looked at per directory: a home full of files must not make system info slow. */
const MAX_ENTRIES_PER_DIR = 500;

/**
 * `locks`: lock files (`<file>.lock`, see `withFileLock`) in ORCAOPS_HOME and the directories directly in it,
 * except `runs/`, whose leases the run check reads. A dead holder's lock is taken over by the next writer, so it
 * is only tidying; one held long, or by another host (never taken over), blocks writers.
 */
export async function locksFinding(home: string, now: Date): Promise<Finding> {
  const files = await lockFiles(home);
  const states = await Promise.all(files.map(async (path) => ({ path, lease: await inspectFileLease(path).catch(() => ({ state: 'free' }) as LeaseState) })));
  const name = (path: string) => relative(home, path);
  const stale = states.filter(({ lease }) => lease.state === 'stale');
  const blocking = states.filter(
    ({ lease }) => lease.state === 'held' && (!lease.local || now.getTime() - Date.parse(lease.holder.acquired_at) > LOCK_HELD_TOO_LONG_MS),
  );
  if (blocking.length > 0) {
    const described = blocking.map(({ path, lease }) =>
      lease.state === 'held' ? `${name(path)} (pid ${lease.holder.pid} on ${lease.holder.hostname} since ${lease.holder.acquired_at})` : name(path),
    );
    return warn(
      'locks',
      `${count(blocking.length, 'lock')} held too long`,
      `${nameSome(described)}: writers of those files wait for it and then fail with CONFLICT. A lock held by another host is never taken over.`,
      `If the holder is hung (\`ps -p <pid>\`), stop it; the lock is then taken over. If the host that holds it no longer uses this ORCAOPS_HOME, delete the file (rm ${blocking.map(({ path }) => path).slice(0, 3).join(' ')}).`,
    );
  }
  if (stale.length > 0) {
    return warn(
      'locks',
      `${count(stale.length, 'stale lock file')}`,
      `${nameSome(stale.map(({ path, lease }) => `${name(path)} (${lease.state === 'stale' && lease.holder ? `pid ${lease.holder.pid} is gone` : 'damaged'})`))}. Harmless: the next writer takes a dead process's lock over.`,
      `To tidy up, delete them: rm ${stale.map(({ path }) => path).slice(0, 3).join(' ')}${stale.length > 3 ? ' …' : ''}`,
    );
  }
  return ok('locks', 'No stale locks', `${count(files.length, 'lock file')} in ${home}, none stale or held long.`);
}

async function lockFiles(home: string): Promise<string[]> {
  const top = await entries(home);
  const nested = await Promise.all(top.filter((entry) => entry.isDirectory() && entry.name !== 'runs').map(async (entry) => (await entries(join(home, entry.name))).map((inner) => ({ dir: join(home, entry.name), entry: inner }))));
  return [...top.map((entry) => ({ dir: home, entry })), ...nested.flat()]
    .filter(({ entry }) => entry.isFile() && entry.name.endsWith('.lock'))
    .map(({ dir, entry }) => join(dir, entry.name));
}

async function entries(dir: string) {
  try {
    return (await readdir(dir, { withFileTypes: true })).slice(0, MAX_ENTRIES_PER_DIR);
  } catch {
    return [];
  }
}
