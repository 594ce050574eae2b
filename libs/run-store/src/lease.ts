import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { RunLease } from '@orcaops/plugin-api';
import { LEASE_FILE, errnoCode } from './layout.js';

/** The content of `lease.json`. */
export const LeaseFileSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** When the holding process started (with the pid, identifies the process). */
  started_at: z.string(),
  acquired_at: z.string(),
  /** Random, so that "is this lease still mine" never depends on clocks. */
  token: z.string(),
});

/** A parsed `lease.json`. */
export type LeaseFile = z.infer<typeof LeaseFileSchema>;

/**
 * Takes the supervision lease of the run in `dir`, or returns null when a live process holds it or another
 * process wins a race for it. A lease whose holder is dead (same host, pid gone) or whose file is not a valid
 * lease is taken over: the stale file is renamed aside (atomic), checked to be the one judged stale, deleted,
 * and a new lease created exclusively.
 */
export async function acquireRunLease(dir: string, clock: () => Date): Promise<RunLease | null> {
  const path = join(dir, LEASE_FILE);
  const mine = `${JSON.stringify({
    pid: process.pid,
    hostname: hostname(),
    started_at: processStartedAt(),
    acquired_at: clock().toISOString(),
    token: randomBytes(12).toString('hex'),
  } satisfies LeaseFile)}\n`;

  if (await createExclusive(dir, path, mine)) return heldLease(path, mine);
  const seen = await readIfPresent(path);
  // Gone already: its holder released it and someone else may be creating theirs; this race is lost.
  if (seen === null || holderAlive(seen)) return null;

  const aside = join(dir, `.lease.stale.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null; // another process moved it first
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== seen) {
    // Between reading and renaming, another process took over and created its lease: put that lease back
    // (link fails if yet another lease appeared meanwhile, which then stands) and stand down.
    await link(aside, path).catch(() => undefined);
    await rm(aside, { force: true });
    return null;
  }
  await rm(aside, { force: true });
  return (await createExclusive(dir, path, mine)) ? heldLease(path, mine) : null;
}

/** True when the lease names a process that may still be running, so it must not be taken. */
export function holderAlive(text: string): boolean {
  let lease: LeaseFile;
  try {
    lease = LeaseFileSchema.parse(JSON.parse(text));
  } catch {
    // Leases appear whole (see createExclusive), so an unreadable one was damaged, not half-written: stale.
    return false;
  }
  // Another host's processes cannot be checked from here; never take their leases.
  if (lease.hostname !== hostname()) return true;
  // Our own pid from an earlier process start: a restarted container gives its main process the same pid (and
  // hostname) every time, so without this check its old leases would look held by itself forever.
  if (lease.pid === process.pid) return lease.started_at === processStartedAt();
  return pidAlive(lease.pid);
}

/** When this process started, as recorded in its leases. */
const processStartedAt = (): string => new Date(performance.timeOrigin).toISOString();

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to another user. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) !== 'ESRCH';
  }
}

/**
 * Creates `path` with `content` only if it does not exist. The content goes to a private temporary file first,
 * then is hard-linked to the lease name: link(2) fails with EEXIST like `open(wx)`, but the lease appears with its
 * content, so a contender never reads an empty lease that is still being written.
 */
async function createExclusive(dir: string, path: string, content: string): Promise<boolean> {
  const temp = join(dir, `.lease.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function heldLease(path: string, mine: string): RunLease {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Only our own lease is removed: if it was taken over (we were judged dead), the new holder's stays.
      if ((await readIfPresent(path)) === mine) await rm(path, { force: true });
    },
  };
}
