import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOB_ID_PATTERN } from '@orcaops/contracts';
import { INDEX_DIR, RECORD_FILE, errnoCode, parseIndexName, runIndexName } from './layout.js';
import type { RecordReader } from './record-reader.js';

/** What {@link rebuildRunIndex} changed. */
export interface IndexRepair {
  /** Index entries created for runs that had a record but no entry (a crash inside `create`). */
  readonly added: number;
  /** Index entries removed because their run directory is gone (a crash inside `delete`). */
  readonly removed: number;
}

/** Directory prefix a run is renamed to while `delete` removes it; never a job id, so never listed. */
export const DELETING_PREFIX = '.deleting-';

/**
 * Makes `runs/.index` match the run directories again after a crash, and finishes interrupted deletes. Safe to
 * run while other processes use the store, with one transient: a run being created right now may get its entry
 * here and again from `create` (the same name, so nothing is duplicated).
 */
export async function rebuildRunIndex(root: string, records: RecordReader): Promise<IndexRepair> {
  const indexDir = join(root, INDEX_DIR);
  const dirents = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  });
  const names = new Set(await readdir(indexDir).catch(() => [] as string[]));
  let added = 0;
  let removed = 0;

  for (const dirent of dirents) {
    if (!dirent.isDirectory()) continue;
    if (dirent.name.startsWith(DELETING_PREFIX)) {
      await rm(join(root, dirent.name), { recursive: true, force: true });
      continue;
    }
    if (!JOB_ID_PATTERN.test(dirent.name)) continue;
    const outcome = await records.read(join(root, dirent.name, RECORD_FILE));
    if (outcome.kind !== 'ok' || outcome.record.job_id !== dirent.name) continue;
    const name = runIndexName(outcome.record.created_at, dirent.name);
    if (names.has(name)) continue;
    await writeFile(join(indexDir, name), '');
    added++;
  }

  for (const name of names) {
    const entry = parseIndexName(name);
    if (entry === null) continue;
    const exists = await stat(join(root, entry.jobId)).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await rm(join(indexDir, name), { force: true });
    removed++;
  }
  return { added, removed };
}
