import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireFileLease } from '@orcaops/contracts';
import { makeTempDir } from '@orcaops/testing';
import { LOCK_HELD_TOO_LONG_MS, locksFinding } from './lock-check.js';

const lease = (fields: Record<string, unknown>) =>
  JSON.stringify({ pid: 999_999_999, hostname: hostname(), started_at: new Date(0).toISOString(), acquired_at: new Date().toISOString(), token: 'x', ...fields });

describe('locks', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir('orcaops-doctor-locks-');
  });
  afterEach(() => dir.remove());

  it('is ok with no locks, or one held briefly by a live process', async () => {
    expect(await locksFinding(dir.path, new Date())).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^0 lock files/) });
    const held = await acquireFileLease(join(dir.path, 'sandboxes.json.lock'));
    expect(await locksFinding(dir.path, new Date())).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^1 lock file in/) });
    await held!.release();
  });

  it('reports stale lock files (dead holder, damaged) in the home and its subdirectories, but not run leases, and leaves them', async () => {
    await writeFile(join(dir.path, 'sandboxes.json.lock'), lease({}));
    await mkdir(join(dir.path, 'cache'));
    await writeFile(join(dir.path, 'cache', 'x.json.lock'), 'garbage');
    await mkdir(join(dir.path, 'runs', 'job'), { recursive: true });
    await writeFile(join(dir.path, 'runs', 'job', 'x.lock'), lease({}));
    const finding = await locksFinding(dir.path, new Date());
    expect(finding).toMatchObject({ status: 'warn', title: '2 stale lock files' });
    expect(finding.detail).toContain('sandboxes.json.lock (pid 999999999 is gone)');
    expect(finding.detail).toContain(`${join('cache', 'x.json.lock')} (damaged)`);
    expect(finding.fix).toContain(`rm ${join(dir.path, 'sandboxes.json.lock')}`);
    expect(await readdir(dir.path)).toContain('sandboxes.json.lock');
  });

  it('reports a lock held too long, or by another host', async () => {
    const held = await acquireFileLease(join(dir.path, 'sandboxes.json.lock'));
    const later = new Date(Date.now() + LOCK_HELD_TOO_LONG_MS + 1000);
    expect(await locksFinding(dir.path, later)).toMatchObject({ status: 'warn', title: '1 lock held too long', detail: expect.stringContaining(`pid ${process.pid}`) });
    await held!.release();
    await writeFile(join(dir.path, 'other.lock'), lease({ hostname: 'elsewhere' }));
    expect((await locksFinding(dir.path, new Date())).detail).toContain('on elsewhere');
  });
});
