import { z } from 'zod';
import { OrcaError, REPLY_HEADROOM_BYTES, defineTool, replyWireBytes, type DockerService } from '@orcaops/plugin-api';
import { ContainerLogLine, ContainerLogsOutput } from '@orcaops/contracts';
import { ContainerRef, engineRef, shortId } from './container-views.js';
import { fitLogLines, type LogLine } from './fit-log-lines.js';
import { LogWindow, type LogStreamName } from './log-window.js';
import { SINCE_HELP, isValidSince, parseSince, toUnixSeconds } from './since.js';

/** Default and hard maximum of `max_bytes`. */
export const DEFAULT_LOG_BYTES = 64 * 1024;
export const MAX_LOG_BYTES = 1024 * 1024;
export const MAX_TAIL = 10_000;
/**
 * The most the tool reads from the engine for one call before giving up. `tail` already bounds what the engine
 * sends; this guards against a log whose lines are huge, since only the newest `max_bytes` are kept anyway
 * (shown text is never shorter than the bytes it shows, but for removed escape sequences).
 */
export const DEFAULT_MAX_READ_BYTES = 256 * 1024 * 1024;

/** A log line (declared in @orcaops/contracts). */
export const LogLineSchema = ContainerLogLine;

/** Dependencies and limits of the logs tool. */
export interface ContainerLogsOptions {
  readonly now: () => Date;
  /** Overrides {@link DEFAULT_MAX_READ_BYTES} (tests). */
  readonly maxReadBytes?: number;
}

/** `orcaops_get_container_logs`: the end of a container's log, bounded, with stdout and stderr told apart. */
export function createContainerLogsTool(docker: DockerService, options: ContainerLogsOptions) {
  const maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  return defineTool({
    name: 'orcaops_get_container_logs',
    title: 'Container logs',
    category: 'containers',
    http: { method: 'GET', path: '/containers/{container_id}/logs' },
    description:
      'Returns the last lines of any container\'s log (running or stopped), oldest first, each tagged with its stream (stdout ' +
      'or stderr; they are separate pipes, so lines written within moments of each other may appear swapped). tail sets how ' +
      'many lines (default 100); since starts later (an ISO 8601 time, or a duration back from now such as 10m or 2h); ' +
      'timestamps=true adds when each line was logged. Lines show as text: terminal escape sequences removed, other control ' +
      'characters and invalid UTF-8 as U+FFFD (counted in replaced). At most max_bytes (default 64 KiB) of line text come back, ' +
      'counted as encoded in the JSON reply, and never more than the reply budget holds (64 KiB in all by default; a larger ' +
      'max_bytes raises it): the oldest lines are dropped first (an over-long newest line keeps its end), and truncated is ' +
      'true. Use it to see why a container failed or what ' +
      'it is doing; for OrcaOps jobs orcaops_get_job_logs reads the saved job log instead. A container with a TTY has only stdout.',
    input: z.object({
      container_id: ContainerRef,
      tail: z.number().int().min(1).max(MAX_TAIL).default(100).describe('Number of lines from the end of the log, both streams together.'),
      since: z
        .string()
        .max(64)
        .refine(isValidSince, `Expected ${SINCE_HELP}`)
        .optional()
        .describe(`Only lines logged at or after this time. ${SINCE_HELP}`),
      timestamps: z.boolean().default(false).describe('Add each line\'s timestamp (as the engine recorded it).'),
      max_bytes: z
        .number()
        .int()
        .min(1024)
        .max(MAX_LOG_BYTES)
        .default(DEFAULT_LOG_BYTES)
        .describe('Cap on the lines\' text (and timestamps) as encoded in the JSON reply, 1 KiB to 1 MiB. The newest lines are kept.'),
    }),
    output: ContainerLogsOutput,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    presentation: { listField: 'lines', columns: ['stream', 'timestamp', 'text'] },
    run: async ({ container_id, tail, since, timestamps, max_bytes }, ctx) => {
      const container = await docker.inspectContainer(engineRef(container_id), { signal: ctx.signal });
      const from = since === undefined ? null : parseSince(since, options.now());
      const window = new LogWindow(max_bytes, timestamps);
      let read = 0;
      const feed = (stream: LogStreamName) => (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxReadBytes) {
          // Thrown from the handler, this ends the read: the service destroys the stream and rejects with it.
          throw new OrcaError('LIMIT_EXCEEDED', `The last ${tail} lines of container ${container.name} are more than ${maxReadBytes} bytes; stopped reading.`, {
            suggestion: 'Ask for fewer lines (a smaller tail) or a later since.',
          });
        }
        window.push(stream, chunk);
      };
      await docker.streamLogs(
        container.id,
        { onStdout: feed('stdout'), onStderr: feed('stderr') },
        { tail, timestamps, ...(from ? { since: toUnixSeconds(from) } : {}), signal: ctx.signal },
      );
      const collected = window.end();
      const build = (lines: readonly LogLine[], counts = { bytes: Number.MAX_SAFE_INTEGER, replaced: Number.MAX_SAFE_INTEGER, truncated: false }) => ({
        id: shortId(container.id),
        name: container.name,
        state: container.state,
        tail,
        since: from?.toISOString() ?? null,
        lines: [...lines],
        ...counts,
      });
      // The budget the caller asked for: max_bytes of text, with each line's keys, in both copies. The default
      // stays within the default reply budget; only a larger max_bytes raises it.
      if (max_bytes > DEFAULT_LOG_BYTES) {
        const asked = fitLogLines(collected.lines, { maxBytes: max_bytes, roomBytes: Number.MAX_SAFE_INTEGER }, build);
        ctx.reply.raise(replyWireBytes(build(asked.lines)) + REPLY_HEADROOM_BYTES);
      }
      const fitted = fitLogLines(collected.lines, { maxBytes: max_bytes, roomBytes: ctx.reply.limit - REPLY_HEADROOM_BYTES }, build);
      return build(fitted.lines, {
        bytes: fitted.bytes,
        replaced: fitted.replaced,
        truncated: collected.truncated || fitted.truncated,
      });
    },
  });
}
