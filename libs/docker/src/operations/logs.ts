import type Dockerode from 'dockerode';
import type { OutputHandlers } from '@orcaops/plugin-api';
import { consume, throwIfAborted } from '../streams/consume.js';
import { Demuxer } from '../streams/demux.js';

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

/**
 * Streams a container's output to the handlers, chunk by chunk, demultiplexed into stdout and stderr.
 *
 * The logs are always requested as a stream, with or without `follow`: dockerode's own `logs()` buffers the whole
 * output in memory when not following. Nothing is accumulated here either, so memory stays flat however large
 * the output. Resolves when the engine ends the stream (with `follow`, when the container stops). Rejects with
 * the stream's error, with whatever a handler throws, and with an `AbortError` (mapped to `CANCELLED`) when the
 * signal fires; in each case the stream is destroyed first.
 */
export async function streamLogs(client: Dockerode, id: string, handlers: OutputHandlers, options: LogOptions): Promise<void> {
  throwIfAborted(options.signal);
  const query = {
    follow: options.follow ?? false,
    stdout: true,
    stderr: true,
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.tail === undefined ? {} : { tail: String(options.tail) }),
    ...(options.timestamps ? { timestamps: true } : {}),
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
  const demuxer = new Demuxer(handlers);
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
