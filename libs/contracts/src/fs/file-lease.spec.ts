import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLease, inspectFileLease, withFileLock } from './file-lease.js';

describe('withFileLock', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orcaops-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs one holder at a time and leaves no file behind', async () => {
    const lock = join(dir, 'nested', 'data.json.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(join(dir, 'nested'))).toEqual([]);
  });

  it('takes over the lock of a process that died, and of a damaged lock file', async () => {
    const lock = join(dir, 'data.json.lock');
    await writeFile(lock, JSON.stringify({ pid: 999_999_999, hostname: hostname(), started_at: new Date(0).toISOString(), acquired_at: new Date(0).toISOString(), token: 'x' }));
    expect(await withFileLock(lock, async () => 'ran')).toBe('ran');
    await writeFile(lock, '999999999');
    expect(await withFileLock(lock, async () => 'ran again')).toBe('ran again');
  });

  it('gives CONFLICT when a live holder keeps it past the wait', async () => {
    const lock = join(dir, 'data.json.lock');
    const held = await acquireFileLease(lock);
    expect(held).not.toBeNull();
    await expect(withFileLock(lock, async () => 'never', { waitMs: 100 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await held!.release();
    expect(await withFileLock(lock, async () => 'after release')).toBe('after release');
  });
});

describe('inspectFileLease', () => {
  let dir: string;
  const leaseOf = (fields: Record<string, unknown>) =>
    JSON.stringify({ pid: 999_999_999, hostname: hostname(), started_at: new Date(0).toISOString(), acquired_at: new Date(0).toISOString(), token: 'x', ...fields });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orcaops-lease-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('tells free, held, stale and damaged leases apart without touching them', async () => {
    const path = join(dir, 'lease.json');
    expect(await inspectFileLease(path)).toEqual({ state: 'free' });

    const held = await acquireFileLease(path);
    expect(await inspectFileLease(path)).toMatchObject({ state: 'held', local: true, holder: { pid: process.pid, hostname: hostname() } });
    await held!.release();

    await writeFile(path, leaseOf({}));
    expect(await inspectFileLease(path)).toMatchObject({ state: 'stale', holder: { pid: 999_999_999 } });
    await writeFile(path, 'not a lease');
    expect(await inspectFileLease(path)).toEqual({ state: 'stale', holder: null });
    await writeFile(path, leaseOf({ hostname: `${hostname()}-elsewhere` }));
    expect(await inspectFileLease(path)).toMatchObject({ state: 'held', local: false });
    expect(await readdir(dir)).toEqual(['lease.json']);
  });
});
