import { DEFAULT_MAX_REPLY_BYTES, DEFAULT_REPLY_BYTES, isErrorCode, replyWireBytes, toEnvelope, type ToolOutcome } from '@orcaops/plugin-api';
import { describeValue } from './describe-value.js';

/** The reply budget of a call with `args`: the default one, or the largest one when the call asks for `max_bytes`. */
export function replyBudgetFor(args: unknown): number {
  const maxBytes = isPlainObject(args) ? args['max_bytes'] : undefined;
  return typeof maxBytes === 'number' ? DEFAULT_MAX_REPLY_BYTES : DEFAULT_REPLY_BYTES;
}

/**
 * What is wrong with a tool's answer as a client reads it: anything but `{success: true, ...data}` or
 * `{success: false, error: {code, message, suggestion[, details]}}` with a known code other than INTERNAL, that
 * JSON can carry, within the call's reply budget. Empty when nothing is. Messages start with what is wrong
 * (`INTERNAL "..."`, `reply of N bytes over its budget of B`) for failure lines.
 */
export function envelopeProblems(envelope: unknown, args: unknown): string[] {
  if (!isPlainObject(envelope)) return [`answer is not an envelope object: ${describeValue(envelope)}`];
  const problems: string[] = [];
  // A success's data may have an `error` of its own (a failed job's), so only a failure's keys are checked.
  if (envelope['success'] === true) {
    // Nothing more to check here: the output schema is the host's to check.
  } else if (envelope['success'] === false) {
    problems.push(...errorProblems(envelope['error']));
    const extra = Object.keys(envelope).filter((key) => key !== 'success' && key !== 'error');
    if (extra.length > 0) problems.push(`a failure with other keys: ${extra.join(', ')}`);
  } else {
    problems.push(`success is ${describeValue(envelope['success'])}, not true or false`);
  }
  let bytes: number;
  try {
    bytes = replyWireBytes(envelope);
  } catch (error) {
    return [...problems, `answer JSON cannot carry: ${error instanceof Error ? error.message : String(error)}`];
  }
  const budget = replyBudgetFor(args);
  if (bytes > budget) problems.push(`reply of ${bytes} bytes over its budget of ${budget}`);
  return problems;
}

/** {@link envelopeProblems} of an invoker's outcome, after checking it is one (`ok` with `data`, or `error`). */
export function outcomeProblems(outcome: unknown, args: unknown): string[] {
  if (!isPlainObject(outcome) || (outcome['ok'] === true ? !isPlainObject(outcome['data']) : outcome['ok'] !== false)) return [`not a ToolOutcome: ${describeValue(outcome)}`];
  return envelopeProblems(toEnvelope(outcome as unknown as ToolOutcome), args);
}

/** The code of an invoker's answer (`ok` for a success), for counting; `malformed` for what is not an outcome. */
export function outcomeCode(outcome: unknown): string {
  if (!isPlainObject(outcome)) return 'malformed';
  if (outcome['ok'] === true) return 'ok';
  const error = outcome['error'];
  return isPlainObject(error) && typeof error['code'] === 'string' ? error['code'] : 'malformed';
}

function errorProblems(error: unknown): string[] {
  if (!isPlainObject(error)) return [`a failure whose error is ${describeValue(error)}`];
  const { code, message, suggestion, details, ...rest } = error;
  const problems: string[] = [];
  // First, so that a failure line starts with it.
  if (code === 'INTERNAL') problems.push(`INTERNAL ${excerpt(message)}`);
  else if (!isErrorCode(code)) problems.push(`unknown error code ${describeValue(code)}`);
  if (typeof message !== 'string' || message.length === 0) problems.push(`error message ${describeValue(message)} is not a non-empty string`);
  if (typeof suggestion !== 'string' || suggestion.length === 0) problems.push(`error suggestion ${describeValue(suggestion)} is not a non-empty string`);
  if (details !== undefined && !isPlainObject(details)) problems.push(`error details ${describeValue(details)} are not an object`);
  if (Object.keys(rest).length > 0) problems.push(`error has other keys: ${Object.keys(rest).join(', ')}`);
  return problems;
}

/** The start of a message, escaped, for a failure line. */
function excerpt(text: unknown, maxChars = 300): string {
  const value = typeof text === 'string' ? text : String(text);
  return JSON.stringify(value.length <= maxChars ? value : `${value.slice(0, maxChars)}…`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
