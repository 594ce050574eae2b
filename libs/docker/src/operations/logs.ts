import type Dockerode from 'dockerode';
import type { OutputHandlers } from '@orcaops/plugin-api';
import { consume, throwIfAborted } from '../streams/consume.js';
import { Demuxer } from '../streams/demux.js';
import { EntryTimes } from '../streams/entry-times.js';
import { inspectContainer } from './containers.js';

export interface LogOptions {
  readonly follow?: boolean;
  /** Unix seconds. */
  readonly since?: number;
  /** Only the last N lines. */
  readonly tail?: number;
  /** Prefix each line with its RFC 3339 time and a space (the engine does it). */
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal | undefined;
}

/** How often a follow that ended while the container still runs is started again before giving up on it. */
const MAX_FOLLOW_RESTARTS = 3;

/**
 * Streams a container's output to the handlers, chunk by chunk, demultiplexed into stdout and stderr.
 *
 * The logs are always requested as a stream, with or without `follow`: dockerode's own `logs()` buffers the whole
 * output in memory when not following. Nothing is accumulated here either, so memory stays flat however large
 * the output. Resolves when the engine ends the stream (with `follow`, when the container stops). Rejects with
 * the stream's error, with whatever a handler throws, and with an `AbortError` (mapped to `CANCELLED`) when the
 * signal fires; in each case the stream is destroyed first.
 *
 * The engine's follower can end before the end of the log: with the json-file driver, a container that writes
 * fast and exits sometimes leaves megabytes unread (seen on Engine 20.10 in about one run in ten). So a follow
 * from a fixed start (no `tail`) reads again from that start once it ends, skipping the bytes of each stream it
 * already delivered: following again while the container still runs, then once more without follow. The extra
 * read costs time in proportion to the log, and makes the output complete.
 */
export async function streamLogs(client: Dockerode, id: string, handlers: OutputHandlers, options: LogOptions): Promise<void> {
  if (!options.follow || options.tail !== undefined) return readLogs(client, id, handlers, options);
  const delivered = { stdout: 0, stderr: 0 };
  for (let restarts = 0; ; restarts++) {
    await readLogs(client, id, skipDelivered(handlers, delivered), options);
    if (restarts >= MAX_FOLLOW_RESTARTS || !(await inspectContainer(client, id, options.signal)).running) break;
  }
  await readLogs(client, id, skipDelivered(handlers, delivered), { ...options, follow: false });
}

/**
 * Handlers that drop the first bytes of each stream already in `delivered`, and count what they pass on. An
 * entry's time goes on with the first of its bytes that is passed on, so entries read before are not reported twice.
 */
function skipDelivered(handlers: OutputHandlers, delivered: { stdout: number; stderr: number }): OutputHandlers {
  const skip = { ...delivered };
  const entryTime: { stdout: Date | null; stderr: Date | null } = { stdout: null, stderr: null };
  const pass = (stream: 'stdout' | 'stderr', chunk: Buffer, deliver: (chunk: Buffer) => void) => {
    const dropped = Math.min(skip[stream], chunk.length);
    skip[stream] -= dropped;
    if (dropped === chunk.length) return;
    const at = entryTime[stream];
    if (at) {
      entryTime[stream] = null;
      handlers.onEntry?.(stream, at);
    }
    delivered[stream] += chunk.length - dropped;
    deliver(dropped === 0 ? chunk : chunk.subarray(dropped));
  };
  return {
    onStdout: (chunk) => pass('stdout', chunk, handlers.onStdout),
    onStderr: (chunk) => pass('stderr', chunk, handlers.onStderr),
    ...(handlers.onEntry ? { onEntry: (stream: 'stdout' | 'stderr', at: Date) => void (entryTime[stream] = at) } : {}),
  };
}

async function readLogs(client: Dockerode, id: string, handlers: OutputHandlers, options: LogOptions): Promise<void> {
  throwIfAborted(options.signal);
  const query = {
    follow: options.follow ?? false,
    stdout: true,
    stderr: true,
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.tail === undefined ? {} : { tail: String(options.tail) }),
    ...(options.timestamps || handlers.onEntry ? { timestamps: true } : {}),
  };
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    client.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        options: query,
        isStream: true,
        abortSignal: options.signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (error, data) => (error ? reject(error) : resolve(data as NodeJS.ReadableStream)),
    );
  });
  const demuxer = new Demuxer(handlers.onEntry ? new EntryTimes(handlers) : handlers);
  await consume(stream, (chunk) => demuxer.push(chunk), options.signal);
  demuxer.end();
}

/**
 * Attaches to a container's output (before it is started, so nothing is missed) and returns once the engine has
 * accepted the attach; `done` settles when the output ends. Live output comes straight from the container's
 * pipes here, whereas `/logs` re-reads the engine's log file and sends one frame per line, several times slower
 * for large outputs.
 */
export async function attachOutput(client: Dockerode, id: string, handlers: OutputHandlers, signal: AbortSignal | undefined): Promise<{ done: Promise<void> }> {
  throwIfAborted(signal);
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    client.modem.dial(
      {
        path: `/containers/${id}/attach?`,
        method: 'POST',
        options: { stream: true, stdout: true, stderr: true },
        isStream: true,
        abortSignal: signal,
        statusCodes: { 101: true, 200: true, 404: 'no such container', 409: 'conflict', 500: 'server error' },
      },
      (error, data) => (error ? reject(error) : resolve(data as NodeJS.ReadableStream)),
    );
  });
  const demuxer = new Demuxer(handlers);
  return { done: consume(stream, (chunk) => demuxer.push(chunk), signal).then(() => demuxer.end()) };
}
