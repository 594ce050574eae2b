import { OrcaError } from '@orcaops/plugin-api';
import { JOB_STATUSES, type JobStatus, type RunPage, type RunQuery, type RunRecord } from '@orcaops/contracts';
import type { IndexEntry } from './layout.js';
import type { RecordOutcome } from './record-reader.js';

/** Page size when the query gives none. */
export const DEFAULT_LIST_LIMIT = 20;
/** Largest page size a query may ask for. */
export const MAX_LIST_LIMIT = 500;
/** Records read in parallel while filling a page: enough to overlap I/O, few enough to waste little. */
const READ_WINDOW = 64;

/** What listing needs from the store. */
export interface ListSource {
  /** Every index entry (any order). */
  entries(): Promise<IndexEntry[]>;
  read(jobId: string): Promise<RecordOutcome>;
}

/**
 * One page of runs, newest first. Time filters use the index names alone; only records that can land on the
 * page (or must be tested against a status or image filter) are read.
 *
 * `offset` counts runs matching the query. Without a status or image filter, an index entry whose record cannot
 * be read still takes its slot (and is left out of the page), so deep pages cost no reads of the pages before
 * them; such a page may hold fewer than `limit` runs while `nextOffset` is not null. `total` is given only then,
 * from the index alone (so it counts such entries too); with a record filter it would cost a read of every record.
 */
export async function listRuns(source: ListSource, query: RunQuery = {}): Promise<RunPage> {
  const { offset, limit, sinceMs, untilMs, matches } = normalise(query);
  const entries = (await source.entries()).filter((entry) => entry.createdMs >= sinceMs && entry.createdMs < untilMs);
  // Fixed-width epoch prefixes make name order creation order; equal times fall back to job id order.
  entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));

  if (matches === null) {
    const runs: RunRecord[] = [];
    for await (const outcome of readInWindows(source, entries.slice(offset, offset + limit))) {
      if (outcome.kind === 'ok') runs.push(outcome.record);
    }
    return { runs, nextOffset: offset + limit < entries.length ? offset + limit : null, total: entries.length };
  }

  const runs: RunRecord[] = [];
  let matched = 0;
  for await (const outcome of readInWindows(source, entries)) {
    if (outcome.kind !== 'ok' || !matches(outcome.record)) continue;
    // One match beyond the page is enough to know there is a next page.
    if (matched === offset + limit) return { runs, nextOffset: offset + limit };
    if (matched >= offset) runs.push(outcome.record);
    matched++;
  }
  return { runs, nextOffset: null };
}

/** Records of `entries` in order, read a window at a time (bounded open files; stops when the caller stops). */
async function* readInWindows(source: ListSource, entries: readonly IndexEntry[]): AsyncGenerator<RecordOutcome> {
  for (let start = 0; start < entries.length; start += READ_WINDOW) {
    yield* await Promise.all(entries.slice(start, start + READ_WINDOW).map((entry) => source.read(entry.jobId)));
  }
}

interface NormalisedQuery {
  readonly offset: number;
  readonly limit: number;
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Record-level filter, or null when the query has none. */
  readonly matches: ((record: RunRecord) => boolean) | null;
}

function normalise(query: RunQuery): NormalisedQuery {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isSafeInteger(offset) || offset < 0) invalid(`offset must be an integer of at least 0 (got ${offset}).`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    invalid(`limit must be an integer from 1 to ${MAX_LIST_LIMIT} (got ${limit}).`);
  }
  const sinceMs = query.since === undefined ? -Infinity : time('since', query.since);
  const untilMs = query.until === undefined ? Infinity : time('until', query.until);

  // An empty status list means "any status", as an unset filter does.
  const statuses = query.statuses?.length ? new Set<JobStatus>(query.statuses) : null;
  for (const status of statuses ?? []) {
    if (!JOB_STATUSES.includes(status)) invalid(`"${status}" is not a job status (use ${JOB_STATUSES.join(', ')}).`, 'INVALID_STATUS');
  }
  const image = query.image === undefined ? null : imageMatcher(query.image);
  const matches =
    statuses === null && image === null
      ? null
      : (record: RunRecord) => (statuses === null || statuses.has(record.status)) && (image === null || image(record.image.ref));
  return { offset, limit, sinceMs, untilMs, matches };
}

/** Exact reference, or a prefix when the pattern ends with `*` (`*` alone matches every image). */
function imageMatcher(pattern: string): (ref: string) => boolean {
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (ref) => ref.startsWith(prefix);
  }
  return (ref) => ref === pattern;
}

function time(name: string, value: Date): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) invalid(`${name} must be a valid date.`);
  return ms;
}

function invalid(message: string, code: 'VALIDATION_ERROR' | 'INVALID_STATUS' = 'VALIDATION_ERROR'): never {
  throw new OrcaError(code, `Run query: ${message}`);
}
