import { isFinalStatus, type JobStatus } from '@orcaops/contracts';
import type { ToolSession } from './tool-session.js';

export type LogStream = 'stdout' | 'stderr';

/** How often a running job's logs are read. */
const POLL_MS = 200;
/** The most of one stream read per call. */
const SLICE_BYTES = 256 * 1024;

export interface FollowOptions {
  readonly jobId: string;
  readonly streams: readonly LogStream[];
  readonly step?: number;
  /** `job`: until the job has ended and all it wrote is read; `log`: until what is written now is read. */
  readonly until: 'job' | 'log';
  /** Each piece of output in the order it was written to its stream (the exact bytes). */
  readonly onOutput: (stream: LogStream, bytes: Buffer, offset: number) => Promise<void>;
  /** After each round of reads, with the job's status; may print progress. */
  readonly onRound?: (status: JobStatus) => Promise<void>;
  /** Asked between rounds: true stops following (the job runs on). */
  readonly stopped?: () => boolean;
}

/** Why following ended: the end was reached, the caller stopped, or a read failed (already reported). */
export type FollowEnd = { readonly kind: 'end'; readonly status: JobStatus } | { readonly kind: 'stopped' } | { readonly kind: 'failed' };

/**
 * Reads a job's logs by byte offset through orcaops_get_job_logs, as base64 so that the bytes are exact, until
 * `until` is reached. Each stream keeps its own offset, so stdout and stderr each stay in order.
 */
export async function followLogs(tools: ToolSession, options: FollowOptions): Promise<FollowEnd> {
  const offsets: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  for (;;) {
    let atEnd = true;
    // The status as the round began: a job is recorded as ended only once all its output is in the logs, so if it
    // had ended then, every read after it sees the whole log. (A status read later could say "ended" about output
    // that an earlier read of the other stream did not yet see.)
    let status: JobStatus | null = null;
    for (const stream of options.streams) {
      const read = await tools.call('orcaops_get_job_logs', {
        job_id: options.jobId,
        stream,
        offset: offsets[stream],
        max_bytes: SLICE_BYTES,
        encoding: 'base64',
        ...(options.step === undefined ? {} : { step: options.step }),
      });
      if (!read) return { kind: 'failed' };
      status ??= read['status'] as JobStatus;
      const slice = read[stream] as { text: string; offset: number; next_offset: number | null };
      const bytes = Buffer.from(slice.text, 'base64');
      if (bytes.length > 0) await options.onOutput(stream, bytes, slice.offset);
      offsets[stream] = slice.next_offset ?? slice.offset + bytes.length;
      if (slice.next_offset !== null) atEnd = false;
    }
    if (status !== null) await options.onRound?.(status);
    if (atEnd && status !== null && (options.until === 'log' || isFinalStatus(status))) return { kind: 'end', status };
    if (options.stopped?.()) return { kind: 'stopped' };
    // More is waiting: read it at once; otherwise give the job time to write.
    if (atEnd) await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

/**
 * Writes bytes and waits until they are handed on, so that output keeps its order and nothing is lost at exit. A
 * failed write rejects (a closed pipe also reaches `CliIo.onOutputClosed`).
 */
export function writeBytes(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> {
  return new Promise((done, fail) => stream.write(bytes, (error) => (error ? fail(error) : done())));
}
