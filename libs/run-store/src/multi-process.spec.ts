import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunRecordSchema } from '@orcaops/contracts';
import { FileRunStore } from './file-run-store.js';
import { INDEX_DIR } from './layout.js';
import { fixture, requireBuilt, runNode } from './test-fixtures/child.js';
import { RecordingLogger, tempHome } from './test-fixtures/records.js';

const PER_WRITER = 200;
const SHARED = 20;

describe('FileRunStore shared by two processes', () => {
  let home: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    requireBuilt();
    ({ home, remove } = await tempHome());
  });
  afterAll(() => remove());

  it('keeps every record valid and listed when two processes create and update runs at once', async () => {
    const logger = new RecordingLogger();
    const reader = new FileRunStore({ home, logger });
    const writers = ['a', 'b'].map((prefix) => runNode(fixture('writer.mjs'), [home, prefix, String(PER_WRITER), String(SHARED)]));
    // A third party lists while both write; it must never fail or see a torn record.
    let listings = 0;
    let done = false;
    const watching = (async () => {
      while (!done) {
        await reader.list({ limit: 100, statuses: ['running', 'success'] });
        listings++;
      }
    })();
    const results = (await Promise.all(writers)).map(({ stdout }) => JSON.parse(stdout) as { created: number; shared: number; conflicts: number });
    done = true;
    await watching;

    expect(listings).toBeGreaterThan(0);
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
    // Every contested id was created by exactly one writer; the other got CONFLICT.
    expect(results.map((result) => result.shared + result.conflicts)).toEqual([SHARED, SHARED]);
    expect(results[0]!.shared + results[1]!.shared).toBe(SHARED);

    const total = 2 * PER_WRITER + SHARED;
    const page = await new FileRunStore({ home }).list({ limit: 500 });
    expect(page.nextOffset).toBeNull();
    expect(page.runs).toHaveLength(total);
    expect(new Set(page.runs.map((run) => run.job_id)).size).toBe(total);
    for (const run of page.runs) {
      expect(RunRecordSchema.safeParse(run).success).toBe(true);
      expect(['success', 'failed']).toContain(run.status);
    }
    const failed = await new FileRunStore({ home }).list({ limit: 500, statuses: ['failed'] });
    expect(failed.runs.length).toBe(page.runs.filter((run) => run.status === 'failed').length);

    // No temporary files left anywhere: runs/ holds the index and run directories, each with only its record.
    const root = join(home, 'runs');
    const names = await readdir(root);
    expect(names.filter((name) => name.startsWith('.'))).toEqual([INDEX_DIR]);
    expect(await readdir(join(root, INDEX_DIR))).toHaveLength(total);
    for (const name of names.filter((name) => !name.startsWith('.'))) expect(await readdir(join(root, name))).toEqual(['record.json']);
  });
});
