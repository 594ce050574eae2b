/** How long the engine has to answer, in milliseconds; 0 means no deadline for that kind of request. */
export interface EngineTimeouts {
  /** Reads: ping, info, version, list, inspect. */
  readonly readMs: number;
  /** Changes: create, start, stop (plus its grace period), kill, remove, exec create, image pull and build headers. */
  readonly operationMs: number;
  /** The response headers of a stream (logs, attach, exec start, archive download); the body has no deadline. */
  readonly streamStartMs: number;
}

export const DEFAULT_TIMEOUTS: EngineTimeouts = { readMs: 5_000, operationMs: 60_000, streamStartMs: 10_000 };

/** The defaults, with whatever `overrides` sets (an `undefined` keeps the default). */
export function resolveTimeouts(overrides: Partial<EngineTimeouts> = {}): EngineTimeouts {
  return {
    readMs: overrides.readMs ?? DEFAULT_TIMEOUTS.readMs,
    operationMs: overrides.operationMs ?? DEFAULT_TIMEOUTS.operationMs,
    streamStartMs: overrides.streamStartMs ?? DEFAULT_TIMEOUTS.streamStartMs,
  };
}

/** The parts of a docker-modem dial this module looks at. */
export interface DialOptions {
  path: string;
  method: string;
  options?: Record<string, unknown> | undefined;
  isStream?: boolean;
  hijack?: boolean;
  file?: unknown;
  abortSignal?: AbortSignal | undefined;
  [key: string]: unknown;
}

type DialCallback = (error: unknown, data: unknown) => void;

export interface DialingModem {
  dial(options: DialOptions, callback: DialCallback): void;
}

/**
 * The engine accepted the request (or the connection) but did not answer in time. A stopped or wedged dockerd
 * still accepts connections through the kernel's listen backlog, so without a deadline a call would wait forever.
 */
export class EngineDeadlineError extends Error {
  override readonly name = 'EngineDeadlineError';
  readonly code = 'ORCAOPS_ENGINE_DEADLINE';

  constructor(
    readonly request: string,
    readonly timeoutMs: number,
    readonly setting: keyof EngineTimeouts,
  ) {
    super(`no answer to ${request} within ${timeoutMs} ms`);
  }
}

/**
 * Which deadline applies to one request, or null for none. Requests that legitimately take as long as the
 * container runs (wait) or as long as the caller's data (an upload streamed from disk) have none; a stream's
 * deadline ends with its response headers, so a log follow or an attach can stay quiet for hours.
 */
export function deadlineFor(dial: DialOptions, timeouts: EngineTimeouts): { ms: number; setting: keyof EngineTimeouts } | null {
  const path = dial.path.split('?')[0] ?? dial.path;
  if (/\/containers\/[^/]+\/wait$/.test(path)) return null;
  if (dial.file !== undefined && !Buffer.isBuffer(dial.file) && typeof dial.file !== 'string') return null;
  // A pull's headers come only after the registry has answered the manifest request, which can be slow; a build's
  // only after the engine has read the whole context.
  if (path.endsWith('/images/create') || path.endsWith('/build')) return pick(timeouts, 'operationMs');
  if (dial.isStream || dial.hijack) return pick(timeouts, 'streamStartMs');
  if (dial.method === 'GET' || dial.method === 'HEAD') return pick(timeouts, 'readMs');
  const deadline = pick(timeouts, 'operationMs');
  // Stop (and restart) wait up to `t` seconds for the container before killing it: that much is not the engine's delay.
  const grace = Number(dial.options?.['t']);
  if (deadline && /\/containers\/[^/]+\/(stop|restart)$/.test(path) && Number.isFinite(grace) && grace > 0) return { ...deadline, ms: deadline.ms + grace * 1000 };
  return deadline;
}

function pick(timeouts: EngineTimeouts, setting: keyof EngineTimeouts): { ms: number; setting: keyof EngineTimeouts } | null {
  return timeouts[setting] > 0 ? { ms: timeouts[setting], setting } : null;
}

/**
 * Puts a deadline on every request the client makes, by wrapping its modem's `dial`: dockerode's own methods and
 * the operations that dial directly all go through it, so no call can be left out. The deadline aborts the
 * request through the same AbortSignal as the caller's cancel, and the failure is reported as an
 * {@link EngineDeadlineError} instead of a cancel.
 */
export function installDeadlines(modem: DialingModem, timeouts: EngineTimeouts): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const deadline = deadlineFor(options, timeouts);
    if (!deadline) return dial(options, callback);
    const timer = new AbortController();
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timer.signal]) : timer.signal;
    const request = `${options.method} ${options.path.split('?')[0]}`;
    let expired = false;
    const handle = setTimeout(() => {
      expired = true;
      timer.abort(new EngineDeadlineError(request, deadline.ms, deadline.setting));
    }, deadline.ms);
    dial({ ...options, abortSignal: signal }, (error, data) => {
      clearTimeout(handle);
      callback(expired && error ? new EngineDeadlineError(request, deadline.ms, deadline.setting) : error, data);
    });
  };
}
