import { z } from 'zod';
import { OUTPUT_ENCODINGS, OrcaError, REPLY_HEADROOM_BYTES, defineTool, replyWireBytes, type OutputEncoding } from '@orcaops/plugin-api';
import { JobLogsOutput, type LogSlice, type LogSliceViewData as SliceView, type LogStream, type RunRecord, type RunStore } from '@orcaops/contracts';
import type { JobEngine } from '../engine/job-engine.js';
import { JobIdInput } from './job-views.js';

/** `max_bytes` default: a call that keeps it stays within the default reply budget. */
export const DEFAULT_LOG_MAX_BYTES = 65_536;
export const MAX_LOG_MAX_BYTES = 1_048_576;
const DEFAULT_TAIL_LINES = 200;
/** Below this, what one stream leaves unused is not worth a second read for the other. */
const MIN_SPARE_BYTES = 1024;

/** `orcaops_get_job_logs`: bounded slices, never the whole log, always within the reply budget. */
export function createLogTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_get_job_logs',
      title: 'Job logs',
      category: 'jobs',
      http: { method: 'GET', path: '/jobs/{job_id}/logs' },
      description:
        'Reads a job\'s stdout and stderr, by default the last 200 lines of each; with offset, from that byte offset on (page ' +
        'with next_offset). Works while the job runs.',
      input: z.object({
        job_id: JobIdInput,
        stream: z.enum(['stdout', 'stderr', 'both']).default('both'),
        step: z.number().int().min(0).optional(),
        tail_lines: z.number().int().min(1).max(100_000).optional(),
        offset: z.number().int().min(0).optional(),
        max_bytes: z
          .number()
          .int()
          .min(1)
          .max(MAX_LOG_MAX_BYTES)
          .default(DEFAULT_LOG_MAX_BYTES),
        encoding: z.enum(OUTPUT_ENCODINGS).default('text'),
      }),
      output: JobLogsOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id, stream, step, tail_lines, offset, max_bytes, encoding }, ctx) => {
        const record = await engine.get(job_id);
        const streams: LogStream[] = stream === 'both' ? ['stdout', 'stderr'] : [stream];
        const ranges = stepRanges(record, step);
        const overhead = replyWireBytes(reply(record, streams, emptySlices(streams)));
        // What the caller asked for: every stream's text in both copies of the reply. The default stays within
        // the default budget (both streams share it); only a caller asking for more raises it.
        if (max_bytes > DEFAULT_LOG_MAX_BYTES) ctx.reply.raise(streams.length * 2 * max_bytes + overhead + REPLY_HEADROOM_BYTES);
        const room = Math.max(0, ctx.reply.limit - REPLY_HEADROOM_BYTES - overhead);
        const read = (name: LogStream, maxReplyBytes: number) =>
          readSlice(store, record.job_id, name, ranges?.[name], { tailLines: offset === undefined ? (tail_lines ?? DEFAULT_TAIL_LINES) : undefined, offset, maxBytes: max_bytes, maxReplyBytes, encoding });
        const share = Math.max(1, Math.floor(room / streams.length));
        const slices = await Promise.all(streams.map((name) => read(name, share)));
        // A stream that needed less than its share leaves the rest to one that the share cut short.
        const spare = room - slices.reduce((sum, slice) => sum + replyWireBytes(slice.text), 0);
        const short = slices.findIndex((slice) => slice.truncated);
        if (streams.length === 2 && spare > MIN_SPARE_BYTES && short !== -1 && !slices[1 - short]!.truncated) {
          slices[short] = await read(streams[short]!, share + spare);
        }
        return reply(record, streams, slices.map(toView));
      },
    }),
  ];
}

/** Where each stream's bytes of one step lie in its log file; undefined for the whole log. */
function stepRanges(record: RunRecord, step: number | undefined): Record<LogStream, { offset: number; end: number }> | undefined {
  if (step === undefined) return undefined;
  const found = record.steps[step];
  if (!found) {
    throw new OrcaError('VALIDATION_ERROR', `Job ${record.job_id} has ${record.steps.length} steps; step ${step} does not exist.`, {
      suggestion: 'Steps are numbered from 0; orcaops_get_job_status lists them.',
    });
  }
  const range = (part: { offset: number; bytes: number }) => ({ offset: part.offset, end: part.offset + part.bytes });
  return { stdout: range(found.stdout), stderr: range(found.stderr) };
}

async function readSlice(
  store: RunStore,
  jobId: string,
  stream: LogStream,
  range: { offset: number; end: number } | undefined,
  request: { tailLines: number | undefined; offset: number | undefined; maxBytes: number; maxReplyBytes: number; encoding: OutputEncoding },
): Promise<LogSlice> {
  const budget = { maxBytes: request.maxBytes, maxReplyBytes: request.maxReplyBytes, encoding: request.encoding };
  const where =
    request.tailLines !== undefined
      ? { tailLines: request.tailLines, ...(range ? { offset: range.offset, end: range.end } : {}) }
      : { offset: Math.max(range?.offset ?? 0, request.offset ?? 0), ...(range ? { end: range.end } : {}) };
  const slice = await store.readLog(jobId, stream, { ...budget, ...where });
  return range ? { ...slice, size: range.end - range.offset } : slice;
}

function toView(slice: LogSlice): SliceView {
  return {
    text: slice.text,
    encoding: slice.encoding,
    replaced: slice.replaced,
    offset: slice.offset,
    next_offset: slice.nextOffset,
    size: slice.size,
    truncated: slice.truncated,
  };
}

/** Slices with the widest numbers a log can have: what the reply costs besides the texts. */
function emptySlices(streams: readonly LogStream[]): SliceView[] {
  const big = Number.MAX_SAFE_INTEGER;
  return streams.map(() => ({ text: '', encoding: 'base64', replaced: big, offset: big, next_offset: big, size: big, truncated: false }));
}

function reply(record: RunRecord, streams: readonly LogStream[], slices: readonly SliceView[]): { job_id: string; status: string } & Partial<Record<LogStream, SliceView>> {
  return { job_id: record.job_id, status: record.status, ...Object.fromEntries(streams.map((name, index) => [name, slices[index]!])) };
}
