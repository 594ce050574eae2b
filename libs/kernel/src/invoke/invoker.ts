import {
  DEFAULT_MAX_REPLY_BYTES,
  DEFAULT_REPLY_BYTES,
  OrcaError,
  Redactor,
  boundOutcome,
  callTool,
  createReplyBudget,
  quoteInput,
  type ErrorCode,
  type Logger,
  type ProgressUpdate,
  type ToolOutcome,
} from '@orcaops/plugin-api';
import type { CallRecorder } from '../audit/call-audit.js';
import type { ToolCatalog } from '../catalog/tool-catalog.js';

/** Per-call options a host passes to {@link Invoker.invoke}. */
export interface InvokeOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** Receives progress; omitted when the caller did not ask for it. */
  readonly onProgress?: (update: ProgressUpdate) => void;
  /**
   * A lower reply limit for this call than the configured ones, for a host whose clients take less (GPT Actions
   * refuse answers over 100,000 characters). Only lowers: the configured limits stay the ceiling.
   */
  readonly maxReplyBytes?: number;
}

/** Reply limits in bytes on the wire (docs/decisions/0014-reply-budget.md). */
export interface ReplyLimits {
  /** Every call's limit unless the tool raises it for a caller that asked for more. */
  readonly defaultBytes: number;
  /** The most any call may raise it to. */
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: ReplyLimits = { defaultBytes: DEFAULT_REPLY_BYTES, maxBytes: DEFAULT_MAX_REPLY_BYTES };

/**
 * Runs catalog tools by name, each through the SDK's `callTool` (the same pipeline a plugin's tests use), with the
 * configured reply limits and the host's shutdown signal. `invoke` never throws: every failure is an outcome.
 * Every call, refused ones included, is told to the audit (which keeps those that may change something): the
 * invoker is the one door every host's calls go through.
 */
export class Invoker {
  constructor(
    private readonly catalog: ToolCatalog,
    private readonly log: Logger,
    /** Aborted on shutdown; every call's signal follows it. */
    private readonly shutdown: AbortSignal,
    private readonly limits: ReplyLimits = DEFAULT_LIMITS,
    private readonly audit: CallRecorder | null = null,
    /** Secrets' values come out of every reply, whichever tool printed them (an inspect, a container's log). */
    private readonly redactor: Redactor = new Redactor(),
  ) {}

  /** Every outcome, success or error, fits the call's reply limit. */
  async invoke(name: string, args: unknown, options: InvokeOptions = {}): Promise<ToolOutcome> {
    const startedAt = Date.now();
    const outcome = this.redactor.redactValue(await this.run(name, args, options));
    this.audit?.record({ tool: name, args, startedAt, outcome: outcome.ok ? 'ok' : outcome.error.code });
    return outcome;
  }

  /**
   * Records a call a host refused before invoking it (the MCP host answers an unknown tool with a protocol error),
   * as the invoker would have recorded it.
   */
  refused(name: string, args: unknown, code: ErrorCode): void {
    this.audit?.record({ tool: name, args, startedAt: Date.now(), outcome: code });
  }

  private async run(name: string, args: unknown, options: InvokeOptions): Promise<ToolOutcome> {
    const cap = options.maxReplyBytes ?? Number.POSITIVE_INFINITY;
    const reply = createReplyBudget(Math.min(this.limits.defaultBytes, cap), Math.min(this.limits.maxBytes, cap));
    const entry = this.catalog.get(name);
    if (!entry) {
      const error = new OrcaError('TOOL_NOT_FOUND', `There is no tool named ${quoteInput(name)}.`, {
        suggestion: `Use one of: ${this.catalog.names().join(', ')}.`,
      });
      return boundOutcome({ ok: false, error: error.toPayload() }, reply.limit);
    }
    const signal = options.signal ? AbortSignal.any([options.signal, this.shutdown]) : this.shutdown;
    const log = this.log.child({ tool: name, plugin: entry.pluginId });
    return callTool(entry.tool, args, { signal, log, reply, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  }
}
