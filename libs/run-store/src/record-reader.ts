import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { OrcaError, type Logger } from '@orcaops/plugin-api';
import { RunRecordSchema, type RunRecord } from '@orcaops/contracts';
import { errnoCode } from './layout.js';

/** What reading one `record.json` gave: the record, nothing there, or a file that is not a valid record. */
export type RecordOutcome =
  | { readonly kind: 'ok'; readonly record: RunRecord }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string };

interface CacheEntry {
  readonly key: string;
  readonly outcome: RecordOutcome;
}

// writeFileAtomic renames a new file over the old one, so every write changes the inode; mtime and size are
// kept too in case a tool rewrites the file in place.
const keyOf = (stats: Stats): string => `${stats.ino}:${stats.mtimeMs}:${stats.size}`;

/**
 * Reads and validates run records, remembering parsed results by (path, inode, mtime, size). A repeated listing
 * then costs one `stat` per record instead of a read and a schema parse. Records handed out are shared with the
 * cache: callers must copy before giving them away (the store does).
 */
export class RecordReader {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly maxEntries: number,
    private readonly logger?: Logger,
  ) {}

  /** Reads one record. Missing files (and missing run directories) are `missing`, never an exception. */
  async read(path: string): Promise<RecordOutcome> {
    let stats: Stats;
    try {
      stats = await stat(path);
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      throw error;
    }
    const cached = this.cache.get(path);
    if (cached && cached.key === keyOf(stats)) {
      // Refresh the entry's place in the Map's insertion order, which is the LRU order.
      this.cache.delete(path);
      this.cache.set(path, cached);
      return cached.outcome;
    }
    return this.readFresh(path);
  }

  /**
   * Remembers a record this process has just written to `path`, so that the next read (the next update of a job it
   * supervises) does not parse back what it wrote. Keyed by the file's stat like any entry: a later write by anyone
   * changes the key and is read fresh.
   */
  async prime(path: string, record: RunRecord): Promise<void> {
    const stats = await stat(path).catch(() => null);
    if (stats) this.remember(path, { key: keyOf(stats), outcome: { kind: 'ok', record } });
  }

  /** Forgets a path (after a delete, so a recreated run is never served from an old entry by coincidence). */
  forget(path: string): void {
    this.cache.delete(path);
  }

  private async readFresh(path: string): Promise<RecordOutcome> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      throw error;
    }
    try {
      // Stat the open handle, not the path, so the cache key describes exactly the bytes parsed below even if a
      // writer renames a new version over the path meanwhile.
      const stats = await handle.stat();
      const outcome = parse(await handle.readFile('utf8'));
      if (outcome.kind === 'corrupt') {
        this.logger?.warn('Skipping an unreadable run record', { path, reason: outcome.reason });
      }
      this.remember(path, { key: keyOf(stats), outcome });
      return outcome;
    } finally {
      await handle.close();
    }
  }

  private remember(path: string, entry: CacheEntry): void {
    this.cache.delete(path);
    this.cache.set(path, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}

function parse(text: string): RecordOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const result = RunRecordSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { kind: 'corrupt', reason: `not a run record (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})` };
  }
  return { kind: 'ok', record: result.data };
}

function isMissing(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The record as the schema outputs it. @throws OrcaError `VALIDATION_ERROR` naming the first issues. */
export function validRecord(record: RunRecord): RunRecord {
  const result = RunRecordSchema.safeParse(record);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new OrcaError('VALIDATION_ERROR', `Not a valid run record: ${issues.join('; ')}.`, { details: { issues } });
}

/** Indented: records are small, and people read them when debugging a run. */
export const serialiseRecord = (record: RunRecord): string => `${JSON.stringify(record, null, 2)}\n`;
