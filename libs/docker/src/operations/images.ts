import type Dockerode from 'dockerode';
import type { ImageInfo, PullProgress } from '@orcaops/plugin-api';
import { StringDecoder } from 'node:string_decoder';
import { consume, throwIfAborted } from '../streams/consume.js';
import { PullEventError } from './pull-errors.js';
import { statusOf } from './status.js';

type Signal = AbortSignal | undefined;

/** The local image, or null on 404. */
export async function inspectImage(client: Dockerode, ref: string, signal: Signal): Promise<ImageInfo | null> {
  try {
    const info = await client.getImage(ref).inspect({ abortSignal: signal } as Dockerode.ImageInspectOptions);
    return { id: info.Id, digest: info.RepoDigests?.[0] ?? null };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** One line of a pull's JSON progress stream. */
interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Pulls `ref` (a missing tag means `latest`, never "every tag"). The engine answers 200 as soon as it starts and
 * reports later failures as `error`/`errorDetail` lines in the stream, so every event is checked: the first
 * error fails the pull ({@link PullEventError}) and closes the stream, which cancels the pull in the engine. An
 * abort does the same. Resolves only on a complete, error-free stream.
 */
export async function pullImage(client: Dockerode, ref: string, onProgress: ((event: PullProgress) => void) | undefined, signal: Signal): Promise<void> {
  throwIfAborted(signal);
  const stream = (await client.pull(ref, { abortSignal: signal })) as NodeJS.ReadableStream;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const handleLine = (line: string): void => {
    if (line.trim() === '') return;
    let event: PullEvent;
    try {
      event = JSON.parse(line) as PullEvent;
    } catch {
      throw new Error(`The engine sent an unreadable pull progress line for ${ref}: ${line.slice(0, 200)}`);
    }
    if (event.error !== undefined || event.errorDetail !== undefined) throw new PullEventError(event.errorDetail?.message ?? event.error ?? 'unknown pull error');
    onProgress?.(toProgress(event));
  };
  // `consume` settles on end, error, premature close and abort, destroying the stream on failure.
  await consume(
    stream,
    (chunk) => {
      const lines = (pending + decoder.write(chunk)).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(handleLine);
    },
    signal,
    `pull of ${ref}`,
  );
  handleLine(pending + decoder.end());
}

function toProgress(event: PullEvent): PullProgress {
  const { current, total } = event.progressDetail ?? {};
  return {
    status: event.status ?? '',
    ...(event.id === undefined ? {} : { layer: event.id }),
    ...(typeof current === 'number' ? { current } : {}),
    ...(typeof total === 'number' ? { total } : {}),
  };
}
