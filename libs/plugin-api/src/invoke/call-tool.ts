import type { z } from 'zod';
import { OrcaError, isOrcaError } from '../errors/orca-error.js';
import { SILENT_LOGGER, type Logger } from '../services/logger.js';
import { createReplyBudget, quoteInput, type ReplyBudget } from '../tools/reply-budget.js';
import type { AnyToolDefinition, ProgressUpdate } from '../tools/tool-definition.js';
import type { ToolOutcome } from '../tools/tool-outcome.js';
import { asInputError } from './input-errors.js';
import { limitError, limitReply } from './reply-limit.js';
import { findUnknownKeys, type UnknownKey } from './unknown-keys.js';

/** How one call runs. */
export interface CallToolOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** Receives progress; only increasing values reach it, and a throwing listener never breaks the tool. */
  readonly onProgress?: (update: ProgressUpdate) => void;
  /** The tool's logger (`ctx.log`); silent when left out. */
  readonly log?: Logger;
  /** The call's reply limit; the defaults (64 KiB, raisable to 1 MiB) when left out. */
  readonly reply?: ReplyBudget;
}

/**
 * Runs one tool call the way every OrcaOps host does, and never throws: arguments are checked (unknown keys
 * refused, the input schema applied), the tool runs with its context, its output is checked against the output
 * schema, and the reply, success or error, is bounded by the call's reply budget. Every failure is a
 * {@link ToolOutcome} with a code, a message and a suggestion.
 */
export async function callTool(tool: AnyToolDefinition, args: unknown, options: CallToolOptions = {}): Promise<ToolOutcome> {
  const reply = options.reply ?? createReplyBudget();
  const log = options.log ?? SILENT_LOGGER;
  let outcome: ToolOutcome;
  try {
    outcome = await run(tool, args, options, reply, log);
  } catch (error) {
    outcome = failure(tool.name, error, log);
  }
  try {
    return boundOutcome(outcome, reply.limit);
  } catch (error) {
    // An error whose details cannot even be measured (a cycle, a BigInt) still becomes an answer.
    return failure(tool.name, error, log);
  }
}

/** An outcome whose error is bounded like any reply (a success from {@link callTool} already is). */
export function boundOutcome(outcome: ToolOutcome, limit: number): ToolOutcome {
  return outcome.ok ? outcome : { ok: false, error: limitError(outcome.error, limit) };
}

async function run(tool: AnyToolDefinition, args: unknown, options: CallToolOptions, reply: ReplyBudget, log: Logger): Promise<ToolOutcome> {
  const name = tool.name;
  const unknownKeys = findUnknownKeys(tool.input, args ?? {});
  if (unknownKeys.length > 0) throw unknownKeysError(name, unknownKeys);
  const input = tool.input.safeParse(args ?? {});
  if (!input.success) throw validationError(`Invalid arguments for ${name}`, input.error);

  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw new OrcaError('CANCELLED', `${name} was cancelled before it started.`);
  const started = performance.now();
  let result: unknown;
  try {
    result = await tool.run(input.data, { signal, log, progress: guardedProgress(options.onProgress, log), reply });
  } catch (error) {
    throw asInputError(error) ?? error;
  }

  const output = tool.output.safeParse(result);
  if (!output.success) {
    log.error('tool returned output that does not match its schema', { issues: output.error.issues });
    throw new OrcaError('INTERNAL', `${name} produced an invalid result (${describeIssues(output.error)}).`);
  }
  log.debug('tool call succeeded', { ms: Math.round(performance.now() - started) });
  return bounded(name, output.data as Record<string, unknown>, tool.output, reply.limit, log);
}

/** The success data, cut to the reply limit when the tool did not fit itself; still valid against its schema. */
function bounded(name: string, data: Record<string, unknown>, schema: z.ZodType, limit: number, log: Logger): ToolOutcome {
  const limited = limitReply({ success: true, ...data }, limit);
  if (limited && !limited.truncation) return { ok: true, data };
  const { success: _success, reply_truncated: truncation, ...cut } = limited?.envelope ?? {};
  if (limited && schema.safeParse(cut).success) {
    log.info('reply cut to its limit', { ...(truncation as object) });
    return { ok: true, data: { ...cut, reply_truncated: truncation } };
  }
  throw new OrcaError('LIMIT_EXCEEDED', `The result of ${name} does not fit the reply limit of ${limit} bytes.`, {
    suggestion: 'Ask for less: use the paging arguments (offset/limit/cursor), a smaller max_bytes, or a narrower filter.',
  });
}

function failure(name: string, error: unknown, log: Logger): ToolOutcome {
  if (isOrcaError(error)) {
    log.debug('tool call failed', { code: error.code, message: error.message });
    return { ok: false, error: error.toPayload() };
  }
  log.error('tool call threw an unexpected error', { error });
  return {
    ok: false,
    error: new OrcaError('INTERNAL', `${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`).toPayload(),
  };
}

/** A `VALIDATION_ERROR` naming the keys no schema declares, with the allowed ones, so a typo is never ignored. */
function unknownKeysError(name: string, unknown: readonly UnknownKey[]): OrcaError {
  const describe = ({ path, key }: UnknownKey) => [...path.map(String), quoteInput(key, 40)].join('.');
  const first = unknown[0]!;
  return new OrcaError('VALIDATION_ERROR', `Invalid arguments for ${name}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map(describe).join(', ')}.`, {
    suggestion: `Remove or correct ${unknown.length === 1 ? 'it' : 'them'}; allowed${first.path.length ? ` in ${first.path.join('.')}` : ''}: ${first.allowed.join(', ') || '(none)'}.`,
    details: {
      issues: unknown.map(({ path, key, allowed }) => ({ path: [...path.map(String), key].join('.'), message: 'unknown key', allowed })),
    },
  });
}

/** A `VALIDATION_ERROR` naming every bad field by its path. */
export function validationError(prefix: string, error: z.ZodError): OrcaError {
  return new OrcaError('VALIDATION_ERROR', `${prefix}: ${describeIssues(error)}.`, {
    suggestion: 'Fix the fields named and call again; the tool input schema lists every field with its type.',
    details: { issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) },
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(arguments)'}: ${issue.message}`).join('; ');
}

/** Progress must never break a tool: a throwing or non-increasing report is dropped. */
function guardedProgress(onProgress: CallToolOptions['onProgress'], log: Logger): (update: ProgressUpdate) => void {
  let last = -Infinity;
  return (update) => {
    if (!onProgress || !(update.progress > last)) return;
    last = update.progress;
    try {
      onProgress(update);
    } catch (error) {
      log.debug('progress listener failed', { error });
    }
  };
}
