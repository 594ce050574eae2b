import { z } from 'zod';
import { OUTPUT_ENCODINGS } from '@orcaops/plugin-api';

/** One stream's slice in orcaops_get_job_logs: exactly the bytes between offset and next_offset. */
export const LogSliceView = z.object({
  text: z.string().describe('The bytes of the slice, as encoding says: readable text, or base64 of exactly the bytes.'),
  encoding: z.enum(OUTPUT_ENCODINGS),
  replaced: z.number().describe('Escape sequences removed and characters shown as U+FFFD to make the text (0: the text is exactly the bytes; always 0 for base64).'),
  offset: z.number().describe('Byte offset in the log file where the bytes of this slice start.'),
  next_offset: z.number().nullable().describe('Byte offset right after them: pass as offset to read on (no byte skipped or repeated); null at the end.'),
  size: z.number().describe('Total bytes of this stream (or of the step\'s part of it).'),
  truncated: z.boolean().describe('True when max_bytes or the reply budget left bytes out: before offset for a tail, from next_offset otherwise.'),
});

/** A log slice's data. */
export type LogSliceViewData = z.infer<typeof LogSliceView>;

/** orcaops_get_job_logs's reply: the streams asked for. */
export const JobLogsOutput = z.object({ job_id: z.string(), status: z.string(), stdout: LogSliceView.optional(), stderr: LogSliceView.optional() });
