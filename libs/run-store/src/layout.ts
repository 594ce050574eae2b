import { OrcaError } from '@orcaops/plugin-api';
import { JOB_ID_PATTERN } from '@orcaops/contracts';

/** Name of the listing index directory inside `runs/`. A leading dot can never be a job id, so it cannot clash. */
export const INDEX_DIR = '.index';
/** The run's record file inside its directory. */
export const RECORD_FILE = 'record.json';
/** The supervision lease file inside a run's directory. */
export const LEASE_FILE = 'lease.json';
/** The artifact directory inside a run's directory. */
export const ARTIFACTS_DIR = 'artifacts';

// 13 digits cover 2001-09-09 to 2286-11-20 in epoch milliseconds; fixed width makes name order equal time order.
const EPOCH_DIGITS = 13;
const MAX_EPOCH_MS = 10 ** EPOCH_DIGITS - 1;

/**
 * The index entry name of a run: `<created_at as 13-digit epoch ms>-<job_id>`. Names sort (as strings) in
 * creation order, so a listing is readdir + sort, and time filters need no record reads.
 * @throws OrcaError `VALIDATION_ERROR` when `createdAt` is not a date in the 13-digit range.
 */
export function runIndexName(createdAt: string, jobId: string): string {
  const ms = Date.parse(createdAt);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_EPOCH_MS) {
    throw new OrcaError('VALIDATION_ERROR', `Run "${jobId}" has created_at "${createdAt}", which is not an ISO date between 1970 and 2286.`);
  }
  return `${String(ms).padStart(EPOCH_DIGITS, '0')}-${jobId}`;
}

/** One parsed index entry. */
export interface IndexEntry {
  readonly name: string;
  readonly createdMs: number;
  readonly jobId: string;
}

/** Parses an index entry name; null for anything else (a stray file must not break listing). */
export function parseIndexName(name: string): IndexEntry | null {
  if (name.length < EPOCH_DIGITS + 2 || name[EPOCH_DIGITS] !== '-') return null;
  const digits = name.slice(0, EPOCH_DIGITS);
  if (!/^\d+$/.test(digits)) return null;
  const jobId = name.slice(EPOCH_DIGITS + 1);
  if (!JOB_ID_PATTERN.test(jobId)) return null;
  return { name, createdMs: Number(digits), jobId };
}

/**
 * Rejects ids that are not job ids before they become paths: the pattern has no `/`, `.` or `..`, so a checked
 * id always names a directory directly under `runs/` (and never `.index`).
 * @throws OrcaError `VALIDATION_ERROR`.
 */
export function checkJobId(jobId: string): void {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new OrcaError('VALIDATION_ERROR', `"${jobId.slice(0, 200)}" is not a job id (a letter or digit, then letters, digits, _ or -, at most 128).`);
  }
}

/** The Node.js error code of a failed system call, if any. (No `instanceof Error`: it fails across realms.) */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
