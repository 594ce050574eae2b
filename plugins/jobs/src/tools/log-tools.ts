import { z } from 'zod';
import { OrcaError, defineTool, type LogSlice, type LogStream, type RunRecord, type RunStore } from '@orcaops/plugin-api';
import type { JobEngine } from '../engine/job-engine.js';
import { JobIdInput } from './job-views.js';

const Slice = z.object({
  text: z.string(),
  offset: z.number().describe('Byte offset where this text starts.'),
  next_offset: z.number().nullable().describe('Pass as offset to read on; null at the end.'),
  size: z.number().describe('Total bytes of this stream (or of the step\'s part of it).'),
  truncated: z.boolean().describe('True when max_bytes cut the text short.'),
});

/** `orcaops_get_job_logs`: bounded slices, never the whole log. */
export function createLogTools(engine: JobEngine, store: RunStore) {
  return [
    defineTool({
      name: 'orcaops_get_job_logs',
      title: 'Job logs',
      category: 'jobs',
      description:
        'Returns a bounded slice of a job\'s stdout and/or stderr: by default the last 200 lines, at most max_bytes each. ' +
        'Narrow to one step with step (0-based). Page forward with offset (bytes) and next_offset. Works while the job runs.',
      input: z.object({
        job_id: JobIdInput,
        stream: z.enum(['stdout', 'stderr', 'both']).default('both'),
        step: z.number().int().min(0).optional(),
        tail_lines: z.number().int().min(1).max(100_000).optional().describe('Last N lines (default 200 when offset is not given).'),
        offset: z.number().int().min(0).optional().describe('Read from this byte offset instead of the tail.'),
        max_bytes: z.number().int().min(1).max(1_048_576).default(65_536),
      }),
      output: z.object({ job_id: z.string(), status: z.string(), stdout: Slice.optional(), stderr: Slice.optional() }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: async ({ job_id, stream, step, tail_lines, offset, max_bytes }) => {
        const record = await engine.get(job_id);
        const streams: LogStream[] = stream === 'both' ? ['stdout', 'stderr'] : [stream];
        const result: Record<string, unknown> = { job_id, status: record.status };
        for (const name of streams) {
          result[name] = toSlice(await readSlice(store, record, name, { step, tailLines: tail_lines, offset, maxBytes: max_bytes }));
        }
        return result as { job_id: string; status: string };
      },
    }),
  ];
}

async function readSlice(
  store: RunStore,
  record: RunRecord,
  stream: LogStream,
  options: { step: number | undefined; tailLines: number | undefined; offset: number | undefined; maxBytes: number },
): Promise<LogSlice> {
  const tailLines = options.offset === undefined ? options.tailLines ?? 200 : undefined;
  if (options.step === undefined) {
    return store.readLog(record.job_id, stream, { maxBytes: options.maxBytes, ...(tailLines ? { tailLines } : { offset: options.offset ?? 0 }) });
  }
  const step = record.steps[options.step];
  if (!step) {
    throw new OrcaError('VALIDATION_ERROR', `Job ${record.job_id} has ${record.steps.length} steps; step ${options.step} does not exist.`, {
      suggestion: 'Steps are numbered from 0; orcaops_get_job_status lists them.',
    });
  }
  const { offset: start, bytes } = step[stream];
  const end = start + bytes;
  if (tailLines) {
    const tail = await store.readLog(record.job_id, stream, { tailLines, end, maxBytes: options.maxBytes });
    if (tail.offset >= start) return { ...tail, size: bytes };
  }
  const from = Math.min(end, start + (options.offset ?? 0));
  const slice = await store.readLog(record.job_id, stream, { offset: from, end, maxBytes: options.maxBytes });
  return { ...slice, size: bytes };
}

function toSlice(slice: LogSlice): z.infer<typeof Slice> {
  return { text: slice.text, offset: slice.offset, next_offset: slice.nextOffset, size: slice.size, truncated: slice.truncated };
}
