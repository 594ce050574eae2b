import { DEFAULT_SUGGESTIONS, type ErrorCode } from './error-codes.js';

/** The error shape every OrcaOps client sees: a stable code, a message for people, a next step for the model. */
export interface ErrorPayload {
  /** One of the closed set of error codes. */
  readonly code: ErrorCode;
  /** What went wrong, specific enough to act on (names the field, id or path). */
  readonly message: string;
  /** What to do next, naming the tool to call where there is one. */
  readonly suggestion: string;
  /** Optional machine-readable detail (e.g. validation issues, what was tried). */
  readonly details?: Record<string, unknown>;
}

/** Options for {@link OrcaError}. */
export interface OrcaErrorOptions {
  /** Overrides the code's default suggestion. */
  readonly suggestion?: string;
  /** Machine-readable detail passed through to the client. */
  readonly details?: Record<string, unknown>;
  /** The underlying error, kept for logs and never shown to clients. */
  readonly cause?: unknown;
}

/**
 * The one error type tools throw on purpose. The invoker turns it into an {@link ErrorPayload}; any other throw
 * becomes `INTERNAL`.
 */
export class OrcaError extends Error {
  /** The error code. */
  readonly code: ErrorCode;
  /** What the caller should do next. */
  readonly suggestion: string;
  /** Machine-readable detail. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: OrcaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrcaError';
    this.code = code;
    this.suggestion = options.suggestion ?? DEFAULT_SUGGESTIONS[code];
    if (options.details !== undefined) this.details = options.details;
  }

  /** The client-facing payload, without the cause or stack. */
  toPayload(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      suggestion: this.suggestion,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/**
 * True for an {@link OrcaError}, including one thrown by a plugin that bundles its own copy of this package
 * (where `instanceof` would fail).
 */
export function isOrcaError(value: unknown): value is OrcaError {
  return (
    value instanceof OrcaError ||
    (value instanceof Error && value.name === 'OrcaError' && typeof (value as OrcaError).toPayload === 'function')
  );
}
