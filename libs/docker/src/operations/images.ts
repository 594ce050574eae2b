import type Dockerode from 'dockerode';
import type { ImageInfo, PullProgress } from '@orcaops/plugin-api';
import { abortError, throwIfAborted } from '../streams/consume.js';
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
  const stream = (await client.pull(ref, { abortSignal: signal })) as NodeJS.ReadableStream & { destroy(): void; complete?: boolean };
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve();
      } else {
        stream.destroy();
        reject(error);
      }
    };
    const onAbort = (): void => settle(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    client.modem.followProgress(
      stream,
      (error: Error | null) => {
        if (error) settle(error);
        else if (stream.complete === false) settle(new Error(`The engine closed the pull of ${ref} early`));
        else settle();
      },
      (event: PullEvent) => {
        if (settled) return;
        if (event.error !== undefined || event.errorDetail !== undefined) {
          settle(new PullEventError(event.errorDetail?.message ?? event.error ?? 'unknown pull error'));
          return;
        }
        try {
          onProgress?.(toProgress(event));
        } catch (error) {
          settle(error);
        }
      },
    );
  });
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
