import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dirname } from 'node:path';
import { JOB_STATUSES, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from './file-run-store.js';
import { makeRecord, tempHome } from './test-fixtures/records.js';

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 0, 1);
const IMAGES = ['alpine:3.20', 'alpine:3.19', 'busybox:1', 'registry.local/team/app:1'];

describe('FileRunStore.list', () => {
  let remove: () => Promise<void>;
  let store: FileRunStore;
  // 30 runs an hour apart; created in shuffled order so that order comes from the index, not from creation.
  const records: RunRecord[] = Array.from({ length: 30 }, (_, n) =>
    makeRecord(`run-${String(n).padStart(2, '0')}`, {
      createdMs: BASE + n * HOUR,
      status: JOB_STATUSES[n % JOB_STATUSES.length],
      image: { ref: IMAGES[n % IMAGES.length]!, id: null, digest: null },
    }),
  );
  const newestFirst = [...records].reverse();
  const ids = (runs: readonly RunRecord[]) => runs.map((run) => run.job_id);

  beforeAll(async () => {
    let home: string;
    ({ home, remove } = await tempHome());
    store = new FileRunStore({ home });
    const shuffled = [...records].sort((a, b) => (a.job_id.split('').reverse().join('') < b.job_id.split('').reverse().join('') ? -1 : 1));
    for (const record of shuffled) await store.create(record);
  });
  afterAll(() => remove());

  it('is empty for a home without runs', async () => {
    const { home, remove: removeEmpty } = await tempHome();
    expect(await new FileRunStore({ home }).list()).toEqual({ runs: [], nextOffset: null, total: 0 });
    await removeEmpty();
  });

  it('lists newest first, 20 by default, with the offset of the next page', async () => {
    const first = await store.list();
    expect(ids(first.runs)).toEqual(ids(newestFirst.slice(0, 20)));
    expect(first.nextOffset).toBe(20);
    const second = await store.list({ offset: first.nextOffset! });
    expect(ids(second.runs)).toEqual(ids(newestFirst.slice(20)));
    expect(second.nextOffset).toBeNull();
    expect((await store.list({ limit: 30 })).nextOffset).toBeNull();
    expect((await store.list({ offset: 100 })).runs).toEqual([]);
    expect(second.runs[0]).toEqual(newestFirst[20]);
  });

  it('gives total from the index without a record filter (time filters count), and leaves it out with one', async () => {
    expect((await store.list({ limit: 1 })).total).toBe(30);
    expect((await store.list({ since: new Date(BASE + 10 * HOUR), until: new Date(BASE + 15 * HOUR) })).total).toBe(5);
    expect((await store.list({ image: 'alpine*' })).total).toBeUndefined();
    expect((await store.list({ statuses: ['failed'] })).total).toBeUndefined();
  });

  it('filters by status (any of several; an empty list means any)', async () => {
    const page = await store.list({ statuses: ['failed', 'cancelled'], limit: 100 });
    expect(ids(page.runs)).toEqual(ids(newestFirst.filter((run) => run.status === 'failed' || run.status === 'cancelled')));
    expect((await store.list({ statuses: [], limit: 100 })).runs).toHaveLength(30);
    await expect(store.list({ statuses: ['lost' as never] })).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });

  it('filters by image, exactly or by a prefix ending in *', async () => {
    expect(ids((await store.list({ image: 'alpine:3.20', limit: 100 })).runs)).toEqual(ids(newestFirst.filter((run) => run.image.ref === 'alpine:3.20')));
    expect(ids((await store.list({ image: 'alpine*', limit: 100 })).runs)).toEqual(ids(newestFirst.filter((run) => run.image.ref.startsWith('alpine'))));
    expect((await store.list({ image: 'alpine', limit: 100 })).runs).toEqual([]);
    expect((await store.list({ image: '*', limit: 100 })).runs).toHaveLength(30);
    expect(ids((await store.list({ image: 'registry.local/*', limit: 100 })).runs)).toHaveLength(7);
  });

  it('filters by creation time: since is inclusive, until exclusive', async () => {
    const page = await store.list({ since: new Date(BASE + 10 * HOUR), until: new Date(BASE + 15 * HOUR) });
    expect(ids(page.runs)).toEqual(['run-14', 'run-13', 'run-12', 'run-11', 'run-10']);
    expect((await store.list({ since: new Date(BASE + 40 * HOUR) })).runs).toEqual([]);
    await expect(store.list({ since: new Date('nope') })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('pages through a filtered listing without gaps or repeats', async () => {
    const query = { image: 'alpine*', statuses: ['queued', 'running', 'success'] as const, until: new Date(BASE + 28 * HOUR) };
    const expected = ids(newestFirst.filter((run) => run.image.ref.startsWith('alpine') && ['queued', 'running', 'success'].includes(run.status) && run.job_id < 'run-28'));
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page = await store.list({ ...query, offset, limit: 2 });
      seen.push(...ids(page.runs));
      offset = page.nextOffset;
      pages++;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });

  it('validates offset and limit (1 to 500)', async () => {
    await expect(store.list({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.list({ limit: 501 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.list({ offset: -1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(store.list({ limit: 2.5 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await store.list({ limit: 500 })).runs).toHaveLength(30);
  });

  it('sees updates made through another store object (the cache follows the file)', async () => {
    const other = new FileRunStore({ home: dirname(store.root) });
    expect((await store.list({ limit: 1 })).runs[0]?.status).toBe(newestFirst[0]!.status);
    await other.update('run-29', (current) => ({ ...current, status: 'success', labels: { by: 'other' } }));
    const [latest] = (await store.list({ limit: 1, statuses: ['success'] })).runs;
    expect(latest).toMatchObject({ job_id: 'run-29', labels: { by: 'other' } });
  });
});
