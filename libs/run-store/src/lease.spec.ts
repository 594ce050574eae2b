import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FileRunStore } from './file-run-store.js';
import { LeaseFileSchema, pidAlive } from '@orcaops/contracts';
import { fixture, requireBuilt, runNode } from './test-fixtures/child.js';
import { makeRecord, tempHome } from './test-fixtures/records.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

describe('FileRunStore.acquireLease', () => {
  let home: string;
  let remove: () => Promise<void>;
  let store: FileRunStore;
  const leasePath = () => join(store.dir('job'), 'lease.json');
  const leaseFile = async () => LeaseFileSchema.parse(JSON.parse(await readFile(leasePath(), 'utf8')));
  const writeLease = (fields: Partial<Record<string, unknown>>) =>
    writeFile(leasePath(), JSON.stringify({ pid: 1, hostname: hostname(), started_at: NOW.toISOString(), acquired_at: NOW.toISOString(), token: 'x', ...fields }));

  beforeAll(requireBuilt);
  beforeEach(async () => {
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home, clock: () => NOW });
    await store.create(makeRecord('job', { status: 'running' }));
  });
  afterEach(() => remove());

  it('takes a free lease, refuses it while held, and frees it on release', async () => {
    const lease = await store.acquireLease('job');
    expect(lease).not.toBeNull();
    expect(await leaseFile()).toMatchObject({ pid: process.pid, hostname: hostname(), acquired_at: NOW.toISOString() });
    expect(Date.parse((await leaseFile()).started_at)).toBeLessThanOrEqual(Date.now());
    expect(await store.acquireLease('job')).toBeNull();
    expect(await new FileRunStore({ home }).acquireLease('job')).toBeNull();
    await lease!.release();
    await lease!.release(); // twice is harmless
    expect(await readdir(store.dir('job'))).toEqual(['record.json']);
    const again = await store.acquireLease('job');
    expect(again).not.toBeNull();
    await again!.release();
  });

  it('refuses unknown runs', async () => {
    await expect(store.acquireLease('ghost')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('release leaves a lease that is no longer its own', async () => {
    const lease = await store.acquireLease('job');
    await writeLease({ pid: process.pid, token: 'someone-else' });
    await lease!.release();
    expect((await leaseFile()).token).toBe('someone-else');
  });

  it('never takes a lease held by a live process, or by any process on another host', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      await writeLease({ pid: sleeper.pid });
      expect(await store.acquireLease('job')).toBeNull();
      await writeLease({ pid: 999_999_999, hostname: 'elsewhere' });
      expect(await store.acquireLease('job')).toBeNull();
    } finally {
      sleeper.kill();
    }
  });

  it('takes over from a supervisor that died holding the lease', async () => {
    const dead = JSON.parse((await runNode(fixture('lease-holder.mjs'), [home, 'job'])).stdout) as { pid: number; acquired: boolean };
    expect(dead.acquired).toBe(true);
    expect(await leaseFile()).toMatchObject({ pid: dead.pid });
    expect(pidAlive(dead.pid)).toBe(false);
    const lease = await store.acquireLease('job');
    expect(lease).not.toBeNull();
    expect(await leaseFile()).toMatchObject({ pid: process.pid });
    expect(await readdir(store.dir('job'))).toEqual(['lease.json', 'record.json']); // no stale or temporary files
    await lease!.release();
  });

  it('takes over a lease left by an earlier process that had this pid (a restarted container)', async () => {
    await writeLease({ pid: process.pid, started_at: '2020-01-01T00:00:00.000Z' });
    const lease = await store.acquireLease('job');
    expect(lease).not.toBeNull();
    await lease!.release();
  });

  it('takes over a damaged lease file', async () => {
    await writeFile(leasePath(), '{"pid": 12');
    const lease = await store.acquireLease('job');
    expect(lease).not.toBeNull();
    await lease!.release();
  });

  it('lets exactly one of many racing contenders take over a dead lease', async () => {
    for (let round = 0; round < 20; round++) {
      await writeLease({ pid: 999_999_999, token: `dead-${round}` });
      const stores = [store, new FileRunStore({ home }), new FileRunStore({ home })];
      const leases = await Promise.all(Array.from({ length: 9 }, (_, n) => stores[n % 3]!.acquireLease('job')));
      const held = leases.filter((lease) => lease !== null);
      expect(held).toHaveLength(1);
      expect((await leaseFile()).pid).toBe(process.pid);
      await held[0]!.release();
      expect(await readdir(store.dir('job'))).toEqual(['record.json']);
    }
  });
});

describe('FileRunStore.readLease', () => {
  let home: string;
  let remove: () => Promise<void>;
  let store: FileRunStore;

  beforeEach(async () => {
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home, clock: () => NOW });
    await store.create(makeRecord('job', { status: 'running' }));
  });
  afterEach(() => remove());

  it('says whether a live process supervises the run, without taking the lease', async () => {
    expect(await store.readLease('job')).toEqual({ state: 'free' });
    const lease = await store.acquireLease('job');
    expect(await new FileRunStore({ home }).readLease('job')).toMatchObject({ state: 'held', holder: { pid: process.pid } });
    await lease!.release();
    await writeFile(join(store.dir('job'), 'lease.json'), JSON.stringify({ pid: 999_999_999, hostname: hostname(), started_at: NOW.toISOString(), acquired_at: NOW.toISOString(), token: 'x' }));
    expect(await store.readLease('job')).toMatchObject({ state: 'stale', holder: { pid: 999_999_999 } });
    expect(await readdir(store.dir('job'))).toEqual(['lease.json', 'record.json']);
    await expect(store.readLease('ghost')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
