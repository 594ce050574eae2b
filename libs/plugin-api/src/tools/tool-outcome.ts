import type { ErrorPayload } from '../errors/orca-error.js';

/** A successful call: the tool's validated output. */
export interface ToolSuccess {
  readonly ok: true;
  /** Output, already parsed with the tool's output schema. */
  readonly data: Record<string, unknown>;
}

/** A failed call, in the client-facing error shape. */
export interface ToolFailure {
  readonly ok: false;
  readonly error: ErrorPayload;
}

/** What invoking a tool returns. Invoking never throws; every failure is a {@link ToolFailure}. */
export type ToolOutcome = ToolSuccess | ToolFailure;

/** The specification's result envelope: `{success: true, ...data}` or `{success: false, error}`. Every host prints this. */
export function toEnvelope(outcome: ToolOutcome): Record<string, unknown> {
  return outcome.ok ? { success: true, ...outcome.data } : { success: false, error: outcome.error };
}
