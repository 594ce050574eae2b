import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { OrcaError } from '@orcaops/plugin-api';

/** Proof that this process holds a lease; other processes leave what it guards alone while it is held. */
export interface FileLease {
  release(): Promise<void>;
}

/** The content of a lease file. */
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
 * Takes the lease at `path` (e.g. a run's `lease.json`), or returns null when a live process holds it or another
 * process wins a race for it. The one cross-process lock of OrcaOps: {@link withFileLock} is built on it. A lease whose holder is dead (same host, pid gone) or whose file is not a valid
 * lease is taken over: the stale file is renamed aside (atomic), checked to be the one judged stale, deleted,
 * and a new lease created exclusively.
 */
export async function acquireFileLease(path: string, clock: () => Date = () => new Date()): Promise<FileLease | null> {
  const dir = dirname(path);
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

  const aside = join(dir, `.${basename(path)}.stale.${process.pid}.${randomBytes(6).toString('hex')}`);
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

/**
 * Who holds a lease, read without taking it: `free` (no file), `held` by a process that may still run (on this host
 * or another, which cannot be checked from here: `local` says which), or `stale` (its holder died, or the file is
 * damaged: `holder` null), which the next {@link acquireFileLease} takes over. For diagnostics.
 */
export type LeaseState =
  | { readonly state: 'free' }
  | { readonly state: 'held'; readonly holder: LeaseFile; readonly local: boolean }
  | { readonly state: 'stale'; readonly holder: LeaseFile | null };

/** The state of the lease at `path`, judged as {@link acquireFileLease} would, changing nothing. */
export async function inspectFileLease(path: string): Promise<LeaseState> {
  const text = await readIfPresent(path);
  if (text === null) return { state: 'free' };
  const parsed = LeaseFileSchema.safeParse(safeJson(text));
  const holder = parsed.success ? parsed.data : null;
  if (holder && holderAlive(text)) return { state: 'held', holder, local: holder.hostname === hostname() };
  return { state: 'stale', holder };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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

function heldLease(path: string, mine: string): FileLease {
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

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

const LOCK_RETRY_MS = 20;

/**
 * Runs `fn` holding the lease at `lockPath`, so that several OrcaOps processes (the MCP server and the TUI) can
 * read-modify-write the same file without losing each other's updates. Waits up to `waitMs` for a live holder; a
 * holder that died is taken over at once.
 * @throws OrcaError `CONFLICT` when another live process holds it longer than `waitMs`.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: { readonly waitMs?: number } = {}): Promise<T> {
  const waitMs = options.waitMs ?? 10_000;
  const deadline = Date.now() + waitMs;
  // The first update in a fresh ORCAOPS_HOME comes before anything else created the directory.
  await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    const lease = await acquireFileLease(lockPath);
    if (lease) {
      try {
        return await fn();
      } finally {
        await lease.release();
      }
    }
    if (Date.now() > deadline) {
      throw new OrcaError('CONFLICT', `Another OrcaOps process has held ${lockPath} for more than ${waitMs / 1000} s.`, {
        suggestion: 'Retry; the holder is alive (it is not a leftover of a crash, which would have been taken over).',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}
