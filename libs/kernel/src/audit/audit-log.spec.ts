import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, readJsonLines } from '@orcaops/testing';
import { AuditLog } from './audit-log.js';
import { callAuditRecord, type CallAuditEntry } from './call-audit-entry.js';

const KEYS = ['time', 'host', 'tool', 'target', 'outcome', 'duration_ms'];

const entry = (index: number, fields: Partial<CallAuditEntry> = {}): CallAuditEntry => ({
  time: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`,
  host: 'cli',
  tool: 'orcaops_delete_run',
  target: `job_id=job-${index}`,
  outcome: 'ok',
  duration_ms: index,
  ...fields,
});

describe('AuditLog', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  const open = (options: { maxBytes: number; keep: number; onError?: (error: unknown) => void; maxQueued?: number }) =>
    new AuditLog<CallAuditEntry>({ file, toRecord: callAuditRecord, ...options });

  beforeEach(async () => {
    temp = await makeTempDir('orcaops-audit-');
    file = join(temp.path, 'home', 'audit.log');
  });
  afterEach(() => temp.remove());

  it('writes one JSON line per entry with exactly the record fields, in order, privately, and leaves no lock', async () => {
    const log = open({ maxBytes: 1024 * 1024, keep: 2 });
    for (let index = 0; index < 20; index++) log.append(entry(index, index === 3 ? { target: null, outcome: 'VALIDATION_ERROR' } : {}));
    log.append({ ...entry(20), arguments: { env: { TOKEN: 'hunter2' } } } as CallAuditEntry);
    await log.close();
    const written = await readJsonLines(file);
    expect(written).toHaveLength(21);
    for (const line of written) expect(Object.keys(line)).toEqual(KEYS);
    expect(written.map((line) => line['duration_ms'])).toEqual(Array.from({ length: 21 }, (_, index) => index));
    expect(written[3]).toEqual({ ...entry(3), target: null, outcome: 'VALIDATION_ERROR' });
    expect(await readFile(file, 'utf8')).not.toContain('hunter2');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.path, 'home'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(temp.path, 'home'))).toEqual(['audit.log']);
  });

  it('rotates by size, keeping keep files none larger than maxBytes, the newest lines in audit.log, order intact', async () => {
    const maxBytes = 1_000;
    const log = open({ maxBytes, keep: 3 });
    const count = 200;
    for (let index = 0; index < count; index++) {
      log.append(entry(index));
      // Some lines while a write is in flight, some after: both paths rotate.
      if (index % 37 === 0) await log.close();
    }
    await log.close();
    expect((await readdir(join(temp.path, 'home'))).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    const files = ['audit.log.3', 'audit.log.2', 'audit.log.1', 'audit.log'].map((name) => join(temp.path, 'home', name));
    const lineBytes = Buffer.byteLength(`${JSON.stringify(callAuditRecord(entry(count - 1)))}\n`);
    const kept: number[] = [];
    for (const path of files) {
      const size = (await stat(path)).size;
      expect(size).toBeLessThanOrEqual(maxBytes);
      // Full files are full: no room left for another line of this size (audit.log is still filling).
      if (!path.endsWith('audit.log')) expect(size).toBeGreaterThan(maxBytes - lineBytes - 8);
      kept.push(...(await readJsonLines(path)).map((line) => line['duration_ms'] as number));
    }
    // The oldest lines were dropped with the oldest file; what is kept is contiguous and ends with the last line.
    expect(kept.at(-1)).toBe(count - 1);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => count - kept.length + index));
    expect(kept.length).toBeGreaterThan(3 * Math.floor(maxBytes / lineBytes));
  });

  it('gives a line longer than maxBytes a file of its own', async () => {
    const log = open({ maxBytes: 300, keep: 2 });
    log.append(entry(1));
    log.append(entry(2, { tool: 'x'.repeat(500) }));
    log.append(entry(3));
    await log.close();
    expect((await readJsonLines(`${file}.2`)).map((line) => line['duration_ms'])).toEqual([1]);
    expect((await readJsonLines(`${file}.1`)).map((line) => line['duration_ms'])).toEqual([2]);
    expect((await readJsonLines(file)).map((line) => line['duration_ms'])).toEqual([3]);
  });

  it('two writers on one file (two processes sharing a home): no line lost, doubled or torn across rotations, sizes bounded', async () => {
    const maxBytes = 2_000;
    const keep = 100;
    const writers = [open({ maxBytes, keep }), open({ maxBytes, keep })];
    const perWriter = 300;
    for (let index = 0; index < perWriter; index++) {
      writers.forEach((writer, id) => writer.append(entry(index, { host: id === 0 ? 'mcp' : 'cli', target: `job_id=${id}-${index}` })));
      // Both drains run at once, in every phase: a lock wait, a rotation, a write.
      if (index % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writers.map((writer) => writer.close()));

    const names = await readdir(join(temp.path, 'home'));
    const rotated = names.filter((name) => /^audit\.log\.\d+$/.test(name)).length;
    // No rotation lost or skipped a file: audit.log.1 … audit.log.<n>, nothing else (no lock left behind).
    expect(names.sort()).toEqual(['audit.log', ...Array.from({ length: rotated }, (_, index) => `audit.log.${index + 1}`)].sort());
    expect(rotated).toBeGreaterThan(10);
    const seen: string[] = [];
    for (const name of [...Array.from({ length: rotated }, (_, index) => `audit.log.${rotated - index}`), 'audit.log']) {
      const path = join(temp.path, 'home', name);
      expect((await stat(path)).size).toBeLessThanOrEqual(maxBytes);
      // Every line whole: each parses, with exactly the record's fields.
      for (const line of await readJsonLines(path)) {
        expect(Object.keys(line)).toEqual(KEYS);
        seen.push(String(line['target']).slice('job_id='.length));
      }
    }
    expect(seen).toHaveLength(2 * perWriter);
    expect(new Set(seen).size).toBe(2 * perWriter);
    // Each writer's lines are in its order, oldest file first.
    for (const id of [0, 1]) {
      const own = seen.filter((target) => target.startsWith(`${id}-`)).map((target) => Number(target.split('-')[1]));
      expect(own).toEqual(Array.from({ length: perWriter }, (_, index) => index));
    }
  });

  it('two writers with few files kept: the files stay bounded in number and size', async () => {
    const maxBytes = 4096;
    const writers = [open({ maxBytes, keep: 2 }), open({ maxBytes, keep: 2 })];
    for (let index = 0; index < 500; index++) for (const writer of writers) writer.append(entry(index));
    await Promise.all(writers.map((writer) => writer.close()));
    expect((await readdir(join(temp.path, 'home'))).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    for (const name of ['audit.log', 'audit.log.1', 'audit.log.2']) expect((await stat(join(temp.path, 'home', name))).size).toBeLessThanOrEqual(maxBytes);
  });

  it('waits for a live lock, and breaks one left by a process that died', async () => {
    const lock = `${file}.lock`;
    const log = new AuditLog<CallAuditEntry>({ file, maxBytes: 10_000, keep: 2, toRecord: callAuditRecord, lockStaleMs: 1_000 });
    log.append(entry(0));
    await log.close();

    // A fresh lock: held by a live writer, so the line waits until it is released.
    await writeFile(lock, '');
    log.append(entry(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await readJsonLines(file)).toHaveLength(1);
    await rm(lock);
    await log.close();
    expect(await readJsonLines(file)).toHaveLength(2);

    // A lock older than lockStaleMs: its holder died; it is broken and the line written.
    await writeFile(lock, '');
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    log.append(entry(2));
    await log.close();
    expect((await readJsonLines(file)).map((line) => line['duration_ms'])).toEqual([0, 1, 2]);
    expect(await readdir(join(temp.path, 'home'))).toEqual(['audit.log']);
  });

  it('never throws from append when the log cannot be written, reports it, and recovers when it can', async () => {
    const errors: unknown[] = [];
    // The log's directory is a file: every write fails.
    await writeFile(join(temp.path, 'home'), 'not a directory');
    const log = open({ maxBytes: 10_000, keep: 2, onError: (error) => errors.push(error) });
    expect(() => {
      for (let index = 0; index < 5; index++) log.append(entry(index));
    }).not.toThrow();
    await expect(log.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });

    // The directory removed (here: the file in its place) while running: the next lines make it again.
    await rm(join(temp.path, 'home'));
    log.append(entry(9));
    await log.close();
    expect((await readJsonLines(file)).map((line) => line['duration_ms'])).toEqual([9]);
  });

  it('keeps going when the reporter itself throws, and drops lines past maxQueued', async () => {
    await writeFile(join(temp.path, 'home'), 'not a directory');
    const throwing = open({ maxBytes: 10_000, keep: 2, onError: () => { throw new Error('reporter broke'); } });
    expect(() => throwing.append(entry(1))).not.toThrow();
    await expect(throwing.close()).resolves.toBeUndefined();
    await rm(join(temp.path, 'home'));

    const dropped: unknown[] = [];
    const small = open({ maxBytes: 10_000, keep: 2, maxQueued: 3, onError: (error) => dropped.push(error) });
    for (let index = 0; index < 10; index++) small.append(entry(index));
    await small.close();
    expect((await readJsonLines(file)).map((line) => line['duration_ms'])).toEqual([0, 1, 2]);
    expect(dropped).toHaveLength(7);
  });
});
