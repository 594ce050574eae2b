import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileRunStore } from './file-run-store.js';
import { INDEX_DIR, runIndexName } from './layout.js';
import { RecordingLogger, makeRecord, tempHome } from './test-fixtures/records.js';

describe('FileRunStore records', () => {
  let home: string;
  let remove: () => Promise<void>;
  let store: FileRunStore;
  beforeEach(async () => {
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home });
  });
  afterEach(() => remove());

  it('lays a run out under <home>/runs/<job_id> and reads back what it created', async () => {
    const record = makeRecord('job-1', { labels: { team: 'a' } });
    await store.create(record);
    expect(store.dir('job-1')).toBe(join(home, 'runs', 'job-1'));
    expect(store.logPath('job-1', 'stderr')).toBe(join(home, 'runs', 'job-1', 'stderr.log'));
    expect(store.artifactsDir('job-1')).toBe(join(home, 'runs', 'job-1', 'artifacts'));
    expect(JSON.parse(await readFile(join(home, 'runs', 'job-1', 'record.json'), 'utf8'))).toEqual(record);
    expect(await readdir(join(home, 'runs', INDEX_DIR))).toEqual([runIndexName(record.created_at, 'job-1')]);
    expect(await store.get('job-1')).toEqual(record);
    expect(await store.get('job-2')).toBeNull();
  });

  it('names index entries by 13-digit creation time and job id', () => {
    expect(runIndexName('2026-01-01T00:00:00.000Z', 'a-b')).toBe('1767225600000-a-b');
    expect(runIndexName('1970-01-01T00:00:01.000Z', 'x')).toBe('0000000001000-x');
    expect(() => runIndexName('yesterday', 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('refuses a second run with the same id, also when two stores race for it', async () => {
    await store.create(makeRecord('dup'));
    await expect(store.create(makeRecord('dup'))).rejects.toMatchObject({ code: 'CONFLICT' });
    const other = new FileRunStore({ home });
    const results = await Promise.allSettled([store.create(makeRecord('race')), other.create(makeRecord('race'))]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
  });

  it('rejects invalid records and ids that are not job ids', async () => {
    await expect(store.create({ ...makeRecord('bad'), status: 'weird' } as never)).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.create(makeRecord('../escape'))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(() => store.dir('.index')).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    await expect(store.get('a/b')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(existsSync(join(home, 'runs', 'bad'))).toBe(false);
  });

  it('updates a record, applies concurrent updates in order, and survives a failing change', async () => {
    await store.create(makeRecord('upd'));
    const running = await store.update('upd', (current) => ({ ...current, status: 'running' }));
    expect(running.status).toBe('running');
    const failing = store.update('upd', () => {
      throw new Error('boom');
    });
    const counts = Array.from({ length: 40 }, () =>
      store.update('upd', (current) => ({ ...current, labels: { n: String(Number(current.labels.n ?? 0) + 1) } })),
    );
    await expect(failing).rejects.toThrow('boom');
    await Promise.all(counts);
    expect((await store.get('upd'))?.labels).toEqual({ n: '40' });
    expect((await new FileRunStore({ home }).get('upd'))?.status).toBe('running');
  });

  it('refuses updates of unknown runs, invalid results and changes to job_id or created_at', async () => {
    await expect(store.update('nope', (current) => current)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await store.create(makeRecord('fixed'));
    await expect(store.update('fixed', (current) => ({ ...current, job_id: 'other' }))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.update('fixed', (current) => ({ ...current, created_at: new Date().toISOString() }))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.update('fixed', (current) => ({ ...current, duration_ms: 1.5 }))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('hands out copies, so callers cannot change what the cache holds', async () => {
    await store.create(makeRecord('copy'));
    const first = await store.get('copy');
    first!.labels.changed = 'yes';
    (await store.list()).runs[0]!.labels.listed = 'yes';
    expect((await store.get('copy'))?.labels).toEqual({});
  });

  it('deletes a run with its index entry, reports whether it existed, and frees the id', async () => {
    await store.create(makeRecord('del'));
    await writeFile(store.logPath('del', 'stdout'), 'out');
    expect(await store.delete('del')).toBe(true);
    expect(await store.delete('del')).toBe(false);
    expect(await store.get('del')).toBeNull();
    expect(await readdir(join(home, 'runs'))).toEqual([INDEX_DIR]);
    expect(await readdir(join(home, 'runs', INDEX_DIR))).toEqual([]);
    await store.create(makeRecord('del', { status: 'running' }));
    expect((await store.get('del'))?.status).toBe('running');
  });

  it('skips a corrupt or half-written record when listing and reports it once; get and delete still work', async () => {
    const logger = new RecordingLogger();
    store = new FileRunStore({ home, logger });
    await store.create(makeRecord('good', { createdMs: Date.UTC(2026, 0, 1) }));
    await store.create(makeRecord('torn', { createdMs: Date.UTC(2026, 0, 2) }));
    await store.create(makeRecord('wrong', { createdMs: Date.UTC(2026, 0, 3) }));
    await writeFile(join(store.dir('torn'), 'record.json'), '{"schema_version": 1, "job_id": "to');
    await writeFile(join(store.dir('wrong'), 'record.json'), JSON.stringify({ ...makeRecord('wrong'), status: 'lost' }));
    for (let round = 0; round < 2; round++) {
      expect((await store.list()).runs.map((run) => run.job_id)).toEqual(['good']);
      expect((await store.list({ statuses: ['queued'] })).runs.map((run) => run.job_id)).toEqual(['good']);
    }
    const warned = logger.lines.filter((line) => line.level === 'warn').map((line) => line.fields?.path);
    expect(warned.sort()).toEqual([join(store.dir('torn'), 'record.json'), join(store.dir('wrong'), 'record.json')]);
    await expect(store.get('torn')).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(store.update('torn', (current) => current)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await store.delete('torn')).toBe(true);
    expect(await readdir(join(home, 'runs', INDEX_DIR))).toHaveLength(2);
  });

  it('rebuilds the index after a crash between record and index entry, or in the middle of a delete', async () => {
    await store.create(makeRecord('lost-entry'));
    await store.create(makeRecord('lost-dir', { createdMs: Date.UTC(2026, 1, 1) }));
    await rm(join(home, 'runs', INDEX_DIR, runIndexName(makeRecord('lost-entry').created_at, 'lost-entry')));
    await rm(store.dir('lost-dir'), { recursive: true });
    expect((await store.list()).runs).toEqual([]);
    expect(await store.rebuildIndex()).toEqual({ added: 1, removed: 1 });
    expect((await store.list()).runs.map((run) => run.job_id)).toEqual(['lost-entry']);
    expect(await store.rebuildIndex()).toEqual({ added: 0, removed: 0 });
  });
});
