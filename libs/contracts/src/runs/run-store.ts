import type { OutputEncoding } from '@orcaops/plugin-api';
import type { LeaseState } from '../fs/file-lease.js';
import type { JobStatus } from './job-spec.js';
import type { RunRecord } from './run-record.js';

/** Filters and paging for {@link RunStore.list}; results are newest first. */
export interface RunQuery {
  readonly statuses?: readonly JobStatus[];
  /** Exact image reference, or a prefix ending in `*` (e.g. `alpine*`). */
  readonly image?: string;
  /** Only runs created at or after this time. */
  readonly since?: Date;
  /** Only runs created before this time. */
  readonly until?: Date;
  readonly offset?: number;
  readonly limit?: number;
}

/** One page of runs. */
export interface RunPage {
  readonly runs: readonly RunRecord[];
  /** Offset of the next page, or null when this is the last. */
  readonly nextOffset: number | null;
  /** How many runs match the query in all, when the store knows it without extra reads; absent otherwise. */
  readonly total?: number;
}

/** A job's output streams. */
export type LogStream = 'stdout' | 'stderr';

/** A bounded slice of a log file. */
export interface LogSlice {
  /** The slice's bytes in `encoding`: text as `decodeOutputText` shows them, or base64 (exactly the bytes). */
  readonly text: string;
  readonly encoding: OutputEncoding;
  /** Escape sequences removed and characters replaced to show the text (0: the text is exactly the bytes; always 0 for base64). */
  readonly replaced: number;
  /** Byte offset where the slice starts. */
  readonly offset: number;
  /** Byte offset to pass as `offset` to continue reading, or null at the end of the file (of `end` when given). */
  readonly nextOffset: number | null;
  /** Total size of the log in bytes. */
  readonly size: number;
  /** True when bytes were left out because of the budget (`maxBytes`, `maxReplyBytes`), or the tail did not fit. */
  readonly truncated: boolean;
}

/**
 * How to read a log: the last `tailLines` lines, or from `offset`. The budget is the encoded text's size:
 * `maxBytes` as it goes in JSON (UTF-8 bytes of `JSON.stringify(text)`), and optionally `maxReplyBytes` as it
 * costs in a reply (both copies, `replyWireBytes`). A tail keeps its end, a forward read its start.
 */
export interface LogReadOptions {
  readonly tailLines?: number;
  /** Read from here; with `tailLines`, the tail never starts before it (e.g. the start of one step). */
  readonly offset?: number;
  /** Stop at this byte offset (exclusive), e.g. the end of one step. */
  readonly end?: number;
  readonly maxBytes: number;
  readonly maxReplyBytes?: number;
  /** Default `text`. */
  readonly encoding?: OutputEncoding;
}

/** Proof that this process supervises a run; other processes leave the run alone while it is held. */
export interface RunLease {
  release(): Promise<void>;
}

/**
 * The durable history of job runs under `ORCAOPS_HOME/runs`: one directory per run with an atomically written
 * `record.json`, `stdout.log`, `stderr.log` and `artifacts/`. Safe to share between processes.
 */
export interface RunStore {
  /** Directory of a run (whether or not it exists). */
  dir(jobId: string): string;
  /** Log file path of a run. */
  logPath(jobId: string, stream: LogStream): string;
  /** Artifact directory of a run. */
  artifactsDir(jobId: string): string;
  /** Creates a run. @throws OrcaError `CONFLICT` when the id is taken. */
  create(record: RunRecord): Promise<void>;
  /** The record, or null when there is no such run. */
  get(jobId: string): Promise<RunRecord | null>;
  /**
   * Replaces the record with `change(current)`, atomically. Updates from one process are applied in order.
   * @throws OrcaError `RUN_NOT_FOUND`.
   */
  update(jobId: string, change: (current: RunRecord) => RunRecord): Promise<RunRecord>;
  /** Runs matching the query, newest first. */
  list(query?: RunQuery): Promise<RunPage>;
  /** Deletes a run and everything under it; false when it did not exist. */
  delete(jobId: string): Promise<boolean>;
  /** Reads a bounded slice of a log. */
  readLog(jobId: string, stream: LogStream, options: LogReadOptions): Promise<LogSlice>;
  /**
   * Takes supervision of a run if no live process holds it (a holder that died no longer counts).
   * Returns null when another live process holds it.
   */
  acquireLease(jobId: string): Promise<RunLease | null>;
  /**
   * Who supervises a run, read without taking it (for diagnostics: a live run whose lease is not `held` waits for
   * a long-lived host to adopt it). @throws OrcaError `RUN_NOT_FOUND`.
   */
  readLease(jobId: string): Promise<LeaseState>;
}
