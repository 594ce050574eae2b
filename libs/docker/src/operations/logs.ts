import type Dockerode from 'dockerode';
import type { OutputHandlers } from '@orcaops/plugin-api';
import { consume, throwIfAborted } from '../streams/consume.js';
import { Demuxer } from '../streams/demux.js';

export interface LogOptions {
  readonly follow?: boolean;
  /** Unix seconds. */
  readonly since?: number;
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
