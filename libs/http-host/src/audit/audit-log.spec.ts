import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
import { AuditLog, type AuditEntry } from './audit-log.js';

const KEYS = ['time', 'host', 'key_id', 'client', 'method', 'path', 'tool', 'status', 'outcome', 'duration_ms'];

const entry = (index: number, fields: Partial<AuditEntry> = {}): AuditEntry => ({
  time: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`,
  host: 'http',
  key_id: 'a1b2c3d4e5f6',
  client: '127.0.0.1',
  method: 'POST',
  path: `/v1/jobs/${index}`,
  tool: 'orcaops_run_job',
  status: 200,
  outcome: 'ok',
  duration_ms: index,
  ...fields,
});

const lines = async (file: string): Promise<Array<Record<string, unknown>>> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('AuditLog', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  beforeEach(async () => {
    temp = await makeTempDir('orcaops-audit-');
    file = join(temp.path, 'http', 'audit.log');
  });
  afterEach(() => temp.remove());

  it('writes one JSON line per call with exactly the entry fields, in order, privately', async () => {
    const log = new AuditLog({ file, maxBytes: 1024 * 1024, keep: 2 });
    for (let index = 0; index < 20; index++) log.append(entry(index, index === 3 ? { key_id: null, tool: null, status: 401, outcome: 'PERMISSION_DENIED' } : {}));
    await log.close();
    const written = await lines(file);
    expect(written).toHaveLength(20);
    for (const line of written) expect(Object.keys(line)).toEqual(KEYS);
    expect(written.map((line) => line['duration_ms'])).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(written[3]).toEqual({ ...entry(3), key_id: null, tool: null, status: 401, outcome: 'PERMISSION_DENIED' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.path, 'http'))).mode & 0o777).toBe(0o700);
  });

  it('never records query strings, fragments or fields the entry does not have', async () => {
    const log = new AuditLog({ file, maxBytes: 1024 * 1024, keep: 2 });
    const sneaky = { ...entry(1, { path: '/v1/jobs?api_key=orcaops_secret&x=1#frag' }), arguments: { password: 'hunter2' }, token: 'orcaops_secret' };
    log.append(sneaky as AuditEntry);
    log.append(entry(2, { path: '/v1/tools/x#orcaops_secret' }));
    await log.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hunter2');
    expect((await lines(file)).map((line) => [Object.keys(line), line['path']])).toEqual([
      [KEYS, '/v1/jobs'],
      [KEYS, '/v1/tools/x'],
    ]);
  });

  it('rotates by size, keeping keep files none larger than maxBytes, the newest lines in audit.log, order intact', async () => {
    const maxBytes = 1_000;
    const log = new AuditLog({ file, maxBytes, keep: 3 });
    const count = 200;
    for (let index = 0; index < count; index++) {
      log.append(entry(index));
      // Some lines while a write is in flight, some after: both paths rotate.
      if (index % 37 === 0) await log.close();
    }
    await log.close();
    const names = (await readdir(join(temp.path, 'http'))).sort();
    expect(names).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    const files = ['audit.log.3', 'audit.log.2', 'audit.log.1', 'audit.log'].map((name) => join(temp.path, 'http', name));
    const lineBytes = Buffer.byteLength(`${JSON.stringify(entry(count - 1))}\n`);
    const kept: number[] = [];
    for (const path of files) {
      const size = (await stat(path)).size;
      expect(size).toBeLessThanOrEqual(maxBytes);
      // Full files are full: no room left for another line of this size (audit.log is still filling).
      if (!path.endsWith('audit.log')) expect(size).toBeGreaterThan(maxBytes - lineBytes - 8);
      kept.push(...(await lines(path)).map((line) => line['duration_ms'] as number));
    }
    // The oldest lines were dropped with the oldest file; what is kept is contiguous and ends with the last line.
    expect(kept.at(-1)).toBe(count - 1);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => count - kept.length + index));
    expect(kept.length).toBeGreaterThan(3 * Math.floor(maxBytes / lineBytes));
  });

  it('gives a line longer than maxBytes a file of its own', async () => {
    const log = new AuditLog({ file, maxBytes: 300, keep: 2 });
    log.append(entry(1));
    log.append(entry(2, { path: `/v1/${'x'.repeat(500)}` }));
    log.append(entry(3));
    await log.close();
    expect((await lines(`${file}.2`)).map((line) => line['duration_ms'])).toEqual([1]);
    expect((await lines(`${file}.1`)).map((line) => line['duration_ms'])).toEqual([2]);
    expect((await lines(file)).map((line) => line['duration_ms'])).toEqual([3]);
  });

  it('never throws from append when the log cannot be written, reports it, and recovers when it can', async () => {
    const errors: unknown[] = [];
    // The log's directory is a file: every write fails.
    await writeFile(join(temp.path, 'http'), 'not a directory');
    const log = new AuditLog({ file, maxBytes: 10_000, keep: 2, onError: (error) => errors.push(error) });
    expect(() => {
      for (let index = 0; index < 5; index++) log.append(entry(index));
    }).not.toThrow();
    await expect(log.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });

    // The directory removed (here: the file in its place) while running: the next lines make it again.
    await rm(join(temp.path, 'http'));
    log.append(entry(9));
    await log.close();
    expect((await lines(file)).map((line) => line['duration_ms'])).toEqual([9]);
  });

  it('keeps going when the reporter itself throws, and drops lines past maxQueued', async () => {
    await writeFile(join(temp.path, 'http'), 'not a directory');
    const throwing = new AuditLog({ file, maxBytes: 10_000, keep: 2, onError: () => { throw new Error('reporter broke'); } });
    expect(() => throwing.append(entry(1))).not.toThrow();
    await expect(throwing.close()).resolves.toBeUndefined();
    await rm(join(temp.path, 'http'));

    const dropped: unknown[] = [];
    const small = new AuditLog({ file, maxBytes: 10_000, keep: 2, maxQueued: 3, onError: (error) => dropped.push(error) });
    for (let index = 0; index < 10; index++) small.append(entry(index));
    await small.close();
    expect((await lines(file)).map((line) => line['duration_ms'])).toEqual([0, 1, 2]);
    expect(dropped).toHaveLength(7);
  });
});
