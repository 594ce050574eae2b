import {
  DEFAULT_MAX_REPLY_BYTES,
  DEFAULT_REPLY_BYTES,
  OrcaError,
  createReplyBudget,
  isOrcaError,
  quoteInput,
  type Logger,
  type ProgressUpdate,
  type ReplyBudget,
  type ToolOutcome,
} from '@orcaops/plugin-api';
import type { z } from 'zod';
import type { ToolCatalog } from '../catalog/tool-catalog.js';
import { asInputError } from './input-errors.js';
import { limitError, limitReply } from './reply-limit.js';
import { findUnknownKeys, type UnknownKey } from './unknown-keys.js';

/** Per-call options a host passes to {@link Invoker.invoke}. */
export interface InvokeOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** Receives progress; omitted when the caller did not ask for it. */
  readonly onProgress?: (update: ProgressUpdate) => void;
}

/** Reply limits in bytes on the wire (docs/decisions/0012-reply-budget.md). */
export interface ReplyLimits {
  /** Every call's limit unless the tool raises it for a caller that asked for more. */
  readonly defaultBytes: number;
  /** The most any call may raise it to. */
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: ReplyLimits = { defaultBytes: DEFAULT_REPLY_BYTES, maxBytes: DEFAULT_MAX_REPLY_BYTES };

/** Runs tools by name. `invoke` never throws: every failure comes back as an outcome. */
export class Invoker {
  constructor(
    private readonly catalog: ToolCatalog,
    private readonly log: Logger,
    /** Aborted on shutdown; every call's signal follows it. */
    private readonly shutdown: AbortSignal,
    private readonly limits: ReplyLimits = DEFAULT_LIMITS,
  ) {}

  /** Every outcome, success or error, fits the call's reply limit. */
  async invoke(name: string, args: unknown, options: InvokeOptions = {}): Promise<ToolOutcome> {
    const reply = createReplyBudget(this.limits.defaultBytes, this.limits.maxBytes);
    let outcome: ToolOutcome;
    try {
      outcome = await this.run(name, args, options, reply);
    } catch (error) {
      outcome = this.failure(name, error);
    }
    return outcome.ok ? outcome : { ok: false, error: limitError(outcome.error, reply.limit) };
  }

  private async run(name: string, args: unknown, options: InvokeOptions, reply: ReplyBudget): Promise<ToolOutcome> {
    const entry = this.catalog.get(name);
    if (!entry) {
      throw new OrcaError('TOOL_NOT_FOUND', `There is no tool named ${quoteInput(name)}.`, {
        suggestion: `Use one of: ${this.catalog.names().join(', ')}.`,
      });
    }
    const { tool } = entry;
    const unknownKeys = findUnknownKeys(tool.input, args ?? {});
    if (unknownKeys.length > 0) throw unknownKeysError(name, unknownKeys);
    const input = tool.input.safeParse(args ?? {});
    if (!input.success) throw validationError(`Invalid arguments for ${name}`, input.error);

    const signal = options.signal ? AbortSignal.any([options.signal, this.shutdown]) : this.shutdown;
    if (signal.aborted) throw new OrcaError('CANCELLED', `${name} was cancelled before it started.`);
    const log = this.log.child({ tool: name, plugin: entry.pluginId });
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
    return this.bounded(name, output.data as Record<string, unknown>, tool.output, reply.limit, log);
  }

  /** The success data, cut to the reply limit when the tool did not fit itself; still valid against its schema. */
  private bounded(name: string, data: Record<string, unknown>, schema: z.ZodType, limit: number, log: Logger): ToolOutcome {
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

  private failure(name: string, error: unknown): ToolOutcome {
    if (isOrcaError(error)) {
      this.log.debug('tool call failed', { tool: name, code: error.code, message: error.message });
      return { ok: false, error: error.toPayload() };
    }
    this.log.error('tool call threw an unexpected error', { tool: name, error });
    return {
      ok: false,
      error: new OrcaError('INTERNAL', `${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`).toPayload(),
    };
  }
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
function guardedProgress(onProgress: InvokeOptions['onProgress'], log: Logger): (update: ProgressUpdate) => void {
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
