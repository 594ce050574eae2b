import { finished } from 'node:stream';

/** An error that {@link mapDockerError} turns into `CANCELLED`. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return Object.assign(new Error('The operation was aborted', { cause: reason }), { name: 'AbortError' });
}

/** Throws an abort error when the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

type Destroyable = NodeJS.ReadableStream & { destroy?(error?: Error): void; complete?: boolean };

/**
 * Reads a stream to its end, handing each chunk to `onData` as it arrives (nothing is accumulated). Resolves on
 * `end`; rejects on `error`, on a premature close, when `onData` throws, and with an `AbortError` when the signal
 * fires. On failure or abort the stream is destroyed, which closes the connection to the engine. `name` says
 * what the stream is in the premature-close message.
 */
export function consume(stream: NodeJS.ReadableStream, onData: (chunk: Buffer) => void, signal?: AbortSignal, name = 'stream'): Promise<void> {
  const source = stream as Destroyable;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      cleanup();
      if (error === undefined) {
        resolve();
      } else {
        // Destroyed without an error: the listeners are gone, and an 'error' event nobody hears would crash.
        source.destroy?.();
        reject(error);
      }
    };
    const onAbort = (): void => settle(abortError(signal));
    const cleanup = finished(source, (error) => {
      // An HTTP response whose connection dropped can end without an error on some Node versions.
      if (!error && source.complete === false) settle(new Error(`The engine closed the ${name} early`));
      else settle(error ?? undefined);
    });
    source.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      try {
        onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (error) {
        settle(error);
      }
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
