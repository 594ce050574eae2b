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
      'Returns the last lines of a container\'s log, tagged stdout or stderr, e.g. to see why it failed. For an OrcaOps job, ' +
      'orcaops_get_job_logs reads the saved log.',
    input: z.object({
      container_id: ContainerRef,
      tail: z.number().int().min(1).max(MAX_TAIL).default(100),
      since: z
        .string()
        .max(64)
        .refine(isValidSince, `Expected ${SINCE_HELP}`)
        .optional()
        .describe('ISO 8601 time, or a duration back, e.g. 10m.'),
      timestamps: z.boolean().default(false),
      max_bytes: z
        .number()
        .int()
        .min(1024)
        .max(MAX_LOG_BYTES)
        .default(DEFAULT_LOG_BYTES),
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
