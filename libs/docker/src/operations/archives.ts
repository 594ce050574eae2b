import { addAbortSignal } from 'node:stream';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';

type Signal = AbortSignal | undefined;

/**
 * Extracts a tar archive (a Buffer, or a stream read to its end) into `directory`, which must exist. A stream that
 * fails ends the upload with its error: the request would otherwise wait for the rest of a body that never comes.
 */
export async function putArchive(client: Dockerode, id: string, directory: string, tar: NodeJS.ReadableStream | Buffer, signal: Signal): Promise<void> {
  if (Buffer.isBuffer(tar)) {
    await client.getContainer(id).putArchive(tar, { path: directory, abortSignal: signal });
    return;
  }
  const upload = new AbortController();
  let sourceError: unknown;
  const onSourceError = (error: unknown) => {
    sourceError = error;
    upload.abort(error);
  };
  const onAbort = () => upload.abort(signal?.reason);
  tar.once('error', onSourceError);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  try {
    await client.getContainer(id).putArchive(tar, { path: directory, abortSignal: upload.signal });
  } catch (error) {
    // The engine refused or the call was cancelled: the archive is not read any further, so let it go.
    (tar as Readable).destroy?.();
    throw sourceError ?? error;
  } finally {
    tar.removeListener('error', onSourceError);
    signal?.removeEventListener('abort', onAbort);
  }
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
