import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OrcaError, type Logger } from '@orcaops/plugin-api';
import {
  acquireFileLease,
  inspectFileLease,
  writeFileAtomic,
  type LeaseState,
  type LogReadOptions,
  type LogSlice,
  type LogStream,
  type RunLease,
  type RunPage,
  type RunQuery,
  type RunRecord,
  type RunStore,
} from '@orcaops/contracts';
import { KeyedQueue } from './keyed-queue.js';
import { ARTIFACTS_DIR, INDEX_DIR, LEASE_FILE, RECORD_FILE, checkJobId, errnoCode, parseIndexName, runIndexName, type IndexEntry } from './layout.js';
import { listRuns } from './list-runs.js';
import { readLogSlice } from './read-log.js';
import { DELETING_PREFIX, rebuildRunIndex, type IndexRepair } from './rebuild-index.js';
import { RecordReader, serialiseRecord, validRecord, type RecordOutcome } from './record-reader.js';

/** Options for {@link FileRunStore}. */
export interface FileRunStoreOptions {
  /** ORCAOPS_HOME; runs live in `<home>/runs`. */
  readonly home: string;
  /** Time source for lease timestamps (tests pin it). */
  readonly clock?: () => Date;
  /** Receives a warning for each unreadable record skipped by a listing. */
  readonly logger?: Logger;
  /** Parsed records kept in memory for repeated listings (default 2,000). */
  readonly cacheSize?: number;
}

/**
 * {@link RunStore} on the file system: `runs/<job_id>/{record.json,stdout.log,stderr.log,artifacts/,lease.json}`
 * plus `runs/.index/<13-digit created ms>-<job_id>` (empty files) for fast, newest-first listing. Several
 * processes may share one home: creation is arbitrated by `mkdir`, records are replaced atomically, and a live
 * run is written only by the holder of its lease. See the package README for the full design.
 */
export class FileRunStore implements RunStore {
  /** The `runs` directory. */
  readonly root: string;
  private readonly indexDir: string;
  private readonly clock: () => Date;
  private readonly records: RecordReader;
  private readonly queue = new KeyedQueue();

  constructor(options: FileRunStoreOptions) {
    this.root = join(options.home, 'runs');
    this.indexDir = join(this.root, INDEX_DIR);
    this.clock = options.clock ?? (() => new Date());
    this.records = new RecordReader(options.cacheSize ?? 2000, options.logger);
  }

  dir(jobId: string): string {
    checkJobId(jobId);
    return join(this.root, jobId);
  }

  logPath(jobId: string, stream: LogStream): string {
    if (stream !== 'stdout' && stream !== 'stderr') throw new OrcaError('VALIDATION_ERROR', `"${String(stream)}" is not a log stream (stdout or stderr).`);
    return join(this.dir(jobId), `${stream}.log`);
  }

  artifactsDir(jobId: string): string {
    return join(this.dir(jobId), ARTIFACTS_DIR);
  }

  async create(record: RunRecord): Promise<void> {
    const parsed = validRecord(record);
    const dir = this.dir(parsed.job_id);
    const indexPath = join(this.indexDir, runIndexName(parsed.created_at, parsed.job_id));
    await this.queue.run(parsed.job_id, async () => {
      // Cheap when it exists, and recreates the layout if someone removed `runs/` under a long-lived store.
      await mkdir(this.indexDir, { recursive: true });
      try {
        // mkdir without `recursive` fails with EEXIST: of two processes creating the same id, exactly one wins.
        await mkdir(dir);
      } catch (error) {
        if (errnoCode(error) === 'EEXIST') throw new OrcaError('CONFLICT', `A run with job id "${parsed.job_id}" already exists.`, { suggestion: 'Choose another job_id, or look at the existing run with orcaops_get_run.' });
        throw error;
      }
      try {
        await writeFileAtomic(join(dir, RECORD_FILE), serialiseRecord(parsed));
        // The index entry comes last, so a listing never finds an entry whose record is not written yet.
        await writeFile(indexPath, '');
      } catch (error) {
        // Leave nothing half-made behind, so the id is free again.
        await rm(indexPath, { force: true });
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    });
  }

  async get(jobId: string): Promise<RunRecord | null> {
    const outcome = await this.read(jobId);
    return outcome.kind === 'ok' ? structuredClone(outcome.record) : outcome.kind === 'missing' ? null : this.corrupt(jobId, outcome.reason);
  }

  async update(jobId: string, change: (current: RunRecord) => RunRecord): Promise<RunRecord> {
    checkJobId(jobId);
    return this.queue.run(jobId, async () => {
      const outcome = await this.read(jobId);
      if (outcome.kind === 'missing') throw runNotFound(jobId);
      if (outcome.kind === 'corrupt') return this.corrupt(jobId, outcome.reason);
      const next = validRecord(change(structuredClone(outcome.record)));
      // The directory name and the index entry are derived from these two; changing them would orphan both.
      if (next.job_id !== jobId || next.created_at !== outcome.record.created_at) {
        throw new OrcaError('VALIDATION_ERROR', `An update of run "${jobId}" may not change job_id or created_at.`);
      }
      const path = join(this.dir(jobId), RECORD_FILE);
      await writeFileAtomic(path, serialiseRecord(next));
      await this.records.prime(path, next);
      // The cache keeps `next`; the caller gets its own copy.
      return structuredClone(next);
    });
  }

  list(query?: RunQuery): Promise<RunPage> {
    return listRuns({ entries: () => this.indexEntries(), read: (jobId) => this.read(jobId) }, query).then((page) => ({
      runs: page.runs.map((run) => structuredClone(run)),
      nextOffset: page.nextOffset,
      ...(page.total === undefined ? {} : { total: page.total }),
    }));
  }

  async delete(jobId: string): Promise<boolean> {
    const dir = this.dir(jobId);
    return this.queue.run(jobId, async () => {
      const outcome = await this.read(jobId);
      // Index entry first: from here on, listings no longer show the run.
      if (outcome.kind === 'ok') await rm(join(this.indexDir, runIndexName(outcome.record.created_at, jobId)), { force: true });
      else if (outcome.kind === 'corrupt') await this.removeIndexEntriesOf(jobId);
      // Renaming makes the run vanish at once (and the id free), and only one of two deleting processes wins.
      const doomed = join(this.root, `${DELETING_PREFIX}${jobId}.${randomBytes(6).toString('hex')}`);
      try {
        await rename(dir, doomed);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return false;
        throw error;
      }
      this.records.forget(join(dir, RECORD_FILE));
      await rm(doomed, { recursive: true, force: true });
      return true;
    });
  }

  async readLog(jobId: string, stream: LogStream, options: LogReadOptions): Promise<LogSlice> {
    const path = this.logPath(jobId, stream);
    await this.requireRun(jobId);
    return readLogSlice(path, options);
  }

  async acquireLease(jobId: string): Promise<RunLease | null> {
    const dir = this.dir(jobId);
    await this.requireRun(jobId);
    try {
      return await acquireFileLease(join(dir, LEASE_FILE), this.clock);
    } catch (error) {
      // The run was deleted while we were at it.
      if (errnoCode(error) === 'ENOENT') throw runNotFound(jobId);
      throw error;
    }
  }

  async readLease(jobId: string): Promise<LeaseState> {
    const dir = this.dir(jobId);
    await this.requireRun(jobId);
    return inspectFileLease(join(dir, LEASE_FILE));
  }

  /**
   * Repairs the listing index after a crash: adds entries for runs that have none, removes entries of runs that
   * are gone, and finishes interrupted deletes. Not needed in normal operation.
   */
  async rebuildIndex(): Promise<IndexRepair> {
    await mkdir(this.indexDir, { recursive: true });
    return rebuildRunIndex(this.root, this.records);
  }

  private read(jobId: string): Promise<RecordOutcome> {
    return this.records.read(join(this.dir(jobId), RECORD_FILE));
  }

  private async indexEntries(): Promise<IndexEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.indexDir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
    return names.flatMap((name) => parseIndexName(name) ?? []);
  }

  /** Without a readable record the entry's time is unknown: find it by the job id part of the names. */
  private async removeIndexEntriesOf(jobId: string): Promise<void> {
    for (const entry of await this.indexEntries()) {
      if (entry.jobId === jobId) await rm(join(this.indexDir, entry.name), { force: true });
    }
  }

  private async requireRun(jobId: string): Promise<void> {
    try {
      await stat(this.dir(jobId));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw runNotFound(jobId);
      throw error;
    }
  }

  private corrupt(jobId: string, reason: string): never {
    throw new OrcaError('INTERNAL', `The record of run "${jobId}" is unreadable: ${reason}.`, {
      suggestion: `Inspect or remove ${join(this.dir(jobId), RECORD_FILE)}; orcaops_delete_run removes the whole run.`,
    });
  }
}

const runNotFound = (jobId: string): OrcaError => new OrcaError('RUN_NOT_FOUND', `No run with job id "${jobId}".`);
