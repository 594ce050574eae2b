import { addAbortSignal } from 'node:stream';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';

type Signal = AbortSignal | undefined;

/** Extracts a tar archive (a Buffer, or a stream read to its end) into `directory`, which must exist. */
export async function putArchive(client: Dockerode, id: string, directory: string, tar: NodeJS.ReadableStream | Buffer, signal: Signal): Promise<void> {
  await client.getContainer(id).putArchive(tar, { path: directory, abortSignal: signal });
}

/**
 * A tar archive of `path`, as the engine's response stream (nothing is buffered). The signal stays attached: an
 * abort destroys the stream with an `AbortError`. The caller must read or destroy the stream.
 */
export async function getArchive(client: Dockerode, id: string, path: string, signal: Signal): Promise<NodeJS.ReadableStream> {
  const stream = await client.getContainer(id).getArchive({ path, abortSignal: signal });
  if (signal) addAbortSignal(signal, stream as Readable);
  return stream;
}
